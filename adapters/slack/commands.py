"""`/study SUBCOMMAND TEXT`: answers for the channel, everything else only for the user.

Slack does not show the command to anyone, so answers start with who asked what, in a new
message whose thread then carries follow-ups without a mention. Help, sources, add, notes and
commands that are not built yet are answered ephemerally. `/study QUESTION` is `/study ask`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from slack_sdk.errors import SlackApiError

from adapters.slack.answers import AnswerStream, report_failure
from adapters.slack.inbound import plain_text, split_command
from adapters.slack.outbox import Where
from adapters.slack.parts import SlackParts
from adapters.slack.render import Asker, render_pending, render_reply
from bot.conversation import IncomingMessage
from bot.service import COMMANDS

FOR_THE_CHANNEL = frozenset({"ask", "summary", "outline", "explain", "compare", "quiz", "digest"})
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})
INVITE_HINT = "Only you can see this answer: invite me to the channel (`/invite @studybot`) to answer for everyone."


async def on_study(parts: SlackParts, command: dict[str, Any], team: str) -> None:
    user, channel = str(command["user_id"]), str(command["channel_id"])
    trigger = str(command.get("trigger_id") or f"{channel}:{user}:{command.get('text', '')}")
    where = Where(team, channel, user, response_url=command.get("response_url"))
    try:
        sub, text = split_command(plain_text(str(command.get("text") or "")), COMMANDS)
        sub = sub or ("ask" if text else "help")
        msg = IncomingMessage(platform="slack", tenant=team, channel=channel, thread=f"slash:{trigger}", user=user,
                              text=text, command=sub)
        admission = await parts.service.admit(msg, f"cmd:{trigger}")
        if not admission.proceed:
            if admission.reply:
                await parts.outbox.ephemeral(where, render_reply(admission.reply)[0])
            return
        if sub in FOR_THE_CHANNEL and sub in parts.service.working_commands():
            await _for_the_channel(parts, where, msg)
            return
        if sub == "add" and parts.service.may_add(msg):
            await parts.outbox.ephemeral(where, render_pending(doing=f"Adding {text}…"))
        await parts.outbox.ephemeral(where, render_reply(await parts.service.handle(msg))[0])
    except Exception as e:
        await report_failure(parts, where, e)


async def _for_the_channel(parts: SlackParts, where: Where, msg: IncomingMessage) -> None:
    asked = Asker(where.user, msg.text, msg.command)
    try:
        ts = await parts.outbox.post(where.channel, render_pending(asked))
    except SlackApiError as e:
        if e.response.get("error") not in NOT_A_MEMBER:
            raise
        reply = await parts.service.handle(msg)
        hinted = dataclasses.replace(reply, notices=[*reply.notices, INVITE_HINT])
        await parts.outbox.ephemeral(where, render_reply(hinted, asked)[0])
        return
    stream = AnswerStream(parts.outbox, where.channel, thread_ts=None, asked=asked, ts=ts)
    reply = await parts.service.handle(dataclasses.replace(msg, thread=ts), stream.partial)
    await stream.finish(render_reply(reply, asked))
    await parts.threads.join(where.team, where.channel, ts)
