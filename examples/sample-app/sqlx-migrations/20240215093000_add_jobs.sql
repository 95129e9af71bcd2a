CREATE TABLE jobs (
    id UUID PRIMARY KEY,
    agent_id UUID NOT NULL REFERENCES agents (id),
    state TEXT NOT NULL
);
