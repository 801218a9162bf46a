"""The Slack transport: a thin Bolt AsyncApp over the brain, served over HTTP or Socket Mode."""
