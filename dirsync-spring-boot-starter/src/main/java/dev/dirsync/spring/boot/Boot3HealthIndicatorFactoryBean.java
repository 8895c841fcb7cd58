package dev.dirsync.spring.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.util.ClassUtils;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The {@code dirsync} health indicator for Spring Boot 3.5, whose Health API lives in
 * {@code org.springframework.boot.actuate.health} (Boot 4 moved it to {@code org.springframework.boot.health}). The
 * starter compiles against Boot 4 and one Maven module cannot compile against both, so this builds Boot 3's
 * {@code HealthIndicator} as a JDK proxy over the shared {@link DirsyncHealthCheck}, calling the four members of
 * Boot 3's {@code Health.Builder} it needs by name; a FactoryBean, so that Boot 3 finds it by its type.
 */
final class Boot3HealthIndicatorFactoryBean implements FactoryBean<Object>, BeanClassLoaderAware {
    static final String HEALTH_INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
    private static final String HEALTH_BUILDER = "org.springframework.boot.actuate.health.Health$Builder";

    private final DirsyncHealthCheck check;
    private ClassLoader classLoader = ClassUtils.getDefaultClassLoader() != null
            ? ClassUtils.getDefaultClassLoader() : Boot3HealthIndicatorFactoryBean.class.getClassLoader();
    private @Nullable Object indicator;

    Boot3HealthIndicatorFactoryBean(DirsyncHealthCheck check) {
        this.check = check;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public Class<?> getObjectType() {
        return ClassUtils.resolveClassName(HEALTH_INDICATOR, classLoader);
    }

    @Override
    public synchronized Object getObject() throws ReflectiveOperationException {
        if (indicator == null) {
            indicator = create();
        }
        return indicator;
    }

    private Object create() throws ReflectiveOperationException {
        Class<?> type = getObjectType();
        Class<?> builder = ClassUtils.forName(HEALTH_BUILDER, classLoader);
        Constructor<?> newBuilder = builder.getConstructor();
        Method status = builder.getMethod("status", String.class);
        Method withDetails = builder.getMethod("withDetails", Map.class);
        Method withException = builder.getMethod("withException", Throwable.class);
        Method build = builder.getMethod("build");
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            // Boot 3: Health health(); default HealthComponent getHealth(boolean includeDetails)
            case "health" -> health(newBuilder, status, withDetails, withException, build, true);
            case "getHealth" -> health(newBuilder, status, withDetails, withException, build, (Boolean) args[0]);
            case "toString" -> "DirsyncHealthIndicator (Spring Boot 3)";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args)
                    : unsupported(method);
        };
        return Proxy.newProxyInstance(classLoader, new Class<?>[] {type}, handler);
    }

    private Object health(Constructor<?> newBuilder, Method status, Method withDetails, Method withException,
                          Method build, boolean includeDetails) throws ReflectiveOperationException {
        DirsyncHealthCheck.Answer a = check.answer();
        Object b = newBuilder.newInstance();
        status.invoke(b, a.up() ? "UP" : "DOWN");
        if (includeDetails) {
            if (a.failure() != null) {
                withException.invoke(b, a.failure());
            }
            withDetails.invoke(b, a.details());
        }
        return build.invoke(b);
    }

    private static Object unsupported(Method method) {
        throw new UnsupportedOperationException("dirsync's Boot 3 health indicator does not implement " + method);
    }
}
