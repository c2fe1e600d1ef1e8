package dev.perimeter.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Map;

/** Javalin's FileRenderer over Thymeleaf, reading templates/*.html from the classpath (bundled from templates/). */
public final class Templates implements FileRenderer {
    private final TemplateEngine engine;
    private final Views views;

    public Templates(Views views) {
        this.views = views;
        ClassLoaderTemplateResolver r = new ClassLoaderTemplateResolver();
        r.setPrefix("templates/");
        r.setSuffix(".html");
        r.setTemplateMode(TemplateMode.HTML);
        r.setCharacterEncoding("UTF-8");
        r.setCacheable(true);
        engine = new TemplateEngine();
        engine.setTemplateResolver(r);
    }

    @Override
    public String render(String file, Map<String, ?> model, Context ctx) {
        org.thymeleaf.context.Context c = new org.thymeleaf.context.Context(java.util.Locale.ENGLISH);
        c.setVariables(new java.util.HashMap<>(model));
        c.setVariable("v", views);
        c.setVariable("path", ctx.path());
        return engine.process(file, c);
    }
}
