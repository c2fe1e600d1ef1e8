package dev.perimeter;

import dev.perimeter.db.Database;
import dev.perimeter.db.IncidentStore;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.util.DataFiles;
import dev.perimeter.web.WebApp;

/** The one place that calls {@code new} on services. Owns their lifecycle. */
public final class Wiring implements AutoCloseable {
    public final AppConfig config;
    public final Database database;
    public final IncidentService incidents;

    public Wiring(AppConfig config) {
        this.config = config;
        this.database = new Database(config.dbUrl(), config.dbUser(), config.dbPassword());
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        DataFiles files = config.dataDir() == null ? DataFiles.bundled() : DataFiles.folder(config.dataDir());
        this.incidents = new IncidentService(new IncidentStore(database), files);
    }

    public WebApp.Services webServices() {
        return new WebApp.Services(incidents);
    }

    @Override
    public void close() {
        database.close();
    }
}
