"""Files users share with the bot, downloaded with the bot token so the core can ingest them.

Slack serves `url_private` only with `Authorization: Bearer <bot token>` (scope files:read); without
it, it answers with a sign-in page, which is reported instead of being ingested as "the file". The
token is only ever sent to Slack's own hosts (or the Web API host configured by SLACK_API_URL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import UserError
from bot.events import FileOffer
from bot.language import tr
from bot.settings import Settings


class DownloadError(UserError):
    """A shared file that could not be fetched; the text is safe to show."""


@dataclass
class FileDownloader:
    client: AsyncWebClient
    settings: Settings

    async def download(self, offer: FileOffer) -> bytes:
        """The file's bytes; DownloadError (its text safe to show) when Slack will not hand them over."""
        shared = offer.ref if isinstance(offer.ref, dict) else {}
        return await self._download(await self._info(shared))

    async def describe(self, offers: tuple[FileOffer, ...]) -> tuple[FileOffer, ...]:
        """Offers with their real name, size and type; events may carry only a file's id (Slack Connect,
        large files), and the core judges a file by its name and size before anyone downloads it."""
        described = []
        for offer in offers:
            shared = offer.ref if isinstance(offer.ref, dict) else {}
            if shared.get("url_private_download") or shared.get("url_private") or not shared.get("id"):
                described.append(offer)
                continue
            try:
                info = await self._info(shared)
            except Exception:  # the download will say what is wrong
                described.append(offer)
                continue
            described.append(FileOffer(str(info.get("name") or offer.name), int(info.get("size") or 0),
                                       info.get("mimetype"), ref=info))
        return tuple(described)

    async def _info(self, shared: dict[str, Any]) -> dict[str, Any]:
        """Events may carry only the id (Slack Connect, large files): ask files.info then."""
        if shared.get("url_private_download") or shared.get("url_private"):
            return shared
        if not shared.get("id"):
            raise DownloadError(tr("Slack sent no link to this file"))
        try:
            response = await self.client.files_info(file=shared["id"])
        except SlackApiError as e:
            error = e.response.get("error")
            raise DownloadError(tr("Slack would not describe the file ({error})").format(error=error)) from None
        return dict(response["file"])

    async def _download(self, info: dict[str, Any]) -> bytes:
        url = str(info.get("url_private_download") or info.get("url_private") or "")
        limit = self.settings.max_fetch_bytes
        if int(info.get("size") or 0) > limit:
            raise DownloadError(tr("larger than the {limit} MB limit").format(limit=limit // 1_000_000))
        if not self._trusted(url):
            raise DownloadError(tr("not a Slack file link"))
        token = self.client.token or ""
        chunks: list[bytes] = []
        size = 0
        try:
            async with httpx.AsyncClient(follow_redirects=True, timeout=self.settings.fetch_timeout) as http:
                async with http.stream("GET", url, headers={"Authorization": f"Bearer {token}"}) as response:
                    if response.status_code >= 400:
                        raise DownloadError(tr("Slack refused the download (HTTP {status})").format(
                            status=response.status_code))
                    served = response.headers.get("content-type", "")
                    if served.startswith("text/html") and "html" not in str(info.get("mimetype", "")):
                        raise DownloadError(tr("Slack sent a sign-in page instead of the file; the app needs the "
                                               "files:read scope"))
                    async for part in response.aiter_bytes():
                        size += len(part)
                        if size > limit:
                            raise DownloadError(tr("larger than the {limit} MB limit").format(limit=limit // 1_000_000))
                        chunks.append(part)
        except httpx.HTTPError as e:
            raise DownloadError(tr("the download failed ({error})").format(error=type(e).__name__)) from None
        return b"".join(chunks)

    def _trusted(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme == "https" and (host == "slack.com" or host.endswith(".slack.com")):
            return True
        api = urlsplit(self.settings.slack_api_url or "")
        return bool(api.hostname) and (parts.scheme, parts.netloc) == (api.scheme, api.netloc)
