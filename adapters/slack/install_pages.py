"""The pages a person sees at the end of an install: done, or what went wrong in plain words and a
link to start again. Each clears the install cookie, which is good for one attempt."""

from __future__ import annotations

from html import escape

from slack_bolt.response import BoltResponse
from slack_sdk.oauth import OAuthStateUtils

WHY = {
    "access_denied": "The installation was cancelled in Slack, so nothing was installed.",
    "invalid_browser": "This installation was not started in this browser, or it took too long. "
                       "Start again from the install page, in the same browser.",
    "invalid_state": "This install link has expired or was already used, so it was refused. "
                     "Start again from the install page.",
    "missing_code": "Slack did not send back a confirmation, so nothing was installed. Start again.",
    "invalid_code": "Slack did not confirm the installation (the code was refused or expired). Start again.",
    "storage_error": "The installation could not be saved. Try again in a minute; if it keeps failing, "
                     "tell whoever runs studybot.",
}


def _page(status: int, title: str, lines: list[str], state_utils: OAuthStateUtils) -> BoltResponse:
    body = "".join(f"<p>{line}</p>" for line in lines)
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">'
            f"<h1>{escape(title)}</h1>{body}</body></html>")
    return BoltResponse(status=status, body=html, headers={"Content-Type": "text/html; charset=utf-8",
                                                           "Set-Cookie": state_utils.build_set_cookie_for_deletion()})


def installed_page(workspace: str, tenant: str, state_utils: OAuthStateUtils) -> BoltResponse:
    return _page(200, "studybot is installed", [
        f"studybot now answers in <b>{escape(workspace)}</b>. Invite it to a channel with "
        "<code>/invite @studybot</code>, then mention it with a question, or send it a direct message.",
        "As the person who installed it, you may add material: send it a file, or "
        "<code>/study add https://…</code>.",
        f"For the people running studybot: this workspace's material is tenant <code>{escape(tenant)}</code>.",
    ], state_utils)


def failed_page(reason: str, status: int, install_path: str, state_utils: OAuthStateUtils) -> BoltResponse:
    why = WHY.get(reason, f"The installation did not complete ({reason}).")
    return _page(status, "studybot was not installed", [
        escape(why, quote=False), f'<a href="{escape(install_path)}">Start the installation again</a>'], state_utils)
