-- A migration that fails half-way: its first statement must be rolled back with it.
CREATE TABLE half_done (id INTEGER PRIMARY KEY);
CREATE TABLE broken (id INTEGER PRIMARY KEY,;
