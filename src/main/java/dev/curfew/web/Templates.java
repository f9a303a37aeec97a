package dev.curfew.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.util.Map;

/** The console's Mustache templates, {@code web/NAME.mustache} on the class path, compiled once each. */
final class Templates {
    private final MustacheFactory factory = new DefaultMustacheFactory("web");

    String render(String name, Map<String, Object> model) {
        StringWriter out = new StringWriter(16 * 1024);
        factory.compile(name + ".mustache").execute(out, model);
        return out.toString();
    }
}
