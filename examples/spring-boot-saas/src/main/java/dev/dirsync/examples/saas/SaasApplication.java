package dev.dirsync.examples.saas;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small multi-tenant SaaS backend whose users follow their company's directory through dirsync. */
@SpringBootApplication
public class SaasApplication {
    public static void main(String[] args) {
        SpringApplication.run(SaasApplication.class, args);
    }
}
