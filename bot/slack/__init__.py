"""The Slack transport: events delivered to the brain and its answers posted back (Bolt for
commands and clicks), served over HTTP or Socket Mode."""
