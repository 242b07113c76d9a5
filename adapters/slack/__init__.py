"""Slack: @mentions, DMs, threads, `/study`, buttons, a message shortcut and the App Home, via slack-bolt.

Every Slack event is translated into the core's `Event` and a `SlackSurface`, goes through
`StudyService.receive`, and its `Outcome` is rendered back as Block Kit. `run.run_slack` serves until
cancelled (Socket Mode with SLACK_APP_TOKEN, else HTTP on /slack/events). Importing does nothing.
"""
