"""The team's material as people see it in chat: `sources`, `add` (material), and the home view
(home)."""
