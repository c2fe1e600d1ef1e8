package dev.perimeter.db;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The repository tests empty a PostgreSQL schema only in a database named as a test database. */
class TestDatabasesTest {
    @Test
    void onlyATestDatabaseMayBeEmptied() {
        assertTrue(TestDatabases.isTestDatabaseName("perimeter_ci_4242"));
        assertTrue(TestDatabases.isTestDatabaseName("perimeter_test"));
        assertTrue(TestDatabases.isTestDatabaseName("TestDb"));
        assertFalse(TestDatabases.isTestDatabaseName("perimeter"));
        assertFalse(TestDatabases.isTestDatabaseName("postgres"));
        assertFalse(TestDatabases.isTestDatabaseName(null));
    }
}
