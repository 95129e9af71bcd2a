pub const AGENT_VERSION: &str = "0.1.0";
