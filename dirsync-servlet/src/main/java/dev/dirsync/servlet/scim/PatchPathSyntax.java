package dev.dirsync.servlet.scim;

import de.captaingoldfish.scim.sdk.server.filter.antlr.ScimFilterLexer;
import de.captaingoldfish.scim.sdk.server.filter.antlr.ScimFilterParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Whether a PATCH path is well-formed (RFC 7644 §3.5.2 "valuePath"), with SCIM-SDK's own grammar. */
final class PatchPathSyntax {
    private PatchPathSyntax() {
    }

    static boolean isValid(String path) {
        boolean[] failed = new boolean[1];
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object symbol, int line, int pos, String msg,
                                    RecognitionException e) {
                failed[0] = true;
            }
        };
        ScimFilterLexer lexer = new ScimFilterLexer(CharStreams.fromString(path));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        ScimFilterParser parser = new ScimFilterParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        parser.valuePath();
        return !failed[0] && tokens.LA(1) == Token.EOF;
    }
}
