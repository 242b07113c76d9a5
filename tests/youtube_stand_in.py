"""A local stand-in for YouTube, reached the way a real deployment reaches YouTube through a proxy.

studybot is told `STUDYBOT_YOUTUBE_PROXY=http://127.0.0.1:PORT` and to trust a test CA. The
stand-in answers CONNECT, terminates TLS with a certificate for www.youtube.com issued by that
CA, and serves what youtube-transcript-api asks for: the watch page (with the innertube API
key), the innertube player API (playability, videoDetails, caption tracks) and the timedtext
caption track, plus a playlist's Atom feed. The answers are shaped like YouTube's own (see
youtube-transcript-api's test assets); the content is written for these tests.
"""

from __future__ import annotations

import json
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import trustme

API_KEY = "AIzaSyStandInKey_0123456789abcdefghij"


@dataclass
class Track:
    language: str
    name: str
    cues: list[tuple[float, float, str]]  # start, duration, text
    generated: bool = False


@dataclass
class FakeVideo:
    video_id: str
    title: str
    author: str
    description: str = ""
    tracks: list[Track] = field(default_factory=list)
    playability: dict[str, object] = field(default_factory=lambda: {"status": "OK", "playableInEmbed": True})
    captions_disabled: bool = False
    watch_status: int = 200  # 429: YouTube rate-limiting this address

    def length(self) -> int:
        return int(max((s + d for t in self.tracks for s, d, _ in t.cues), default=0)) + 1


@dataclass
class FakePlaylist:
    playlist_id: str
    title: str
    video_ids: list[str]


def watch_page(video: FakeVideo) -> bytes:
    config = {"INNERTUBE_API_KEY": API_KEY, "INNERTUBE_CLIENT_NAME": "WEB", "INNERTUBE_CLIENT_VERSION": "2.20250101"}
    return (f'<!DOCTYPE html><html lang="en"><head><title>{escape(video.title)} - YouTube</title></head><body>'
            f'<script nonce="x">ytcfg.set({json.dumps(config)});</script>'
            f'<div id="player"></div></body></html>').encode()


def player_response(video: FakeVideo) -> dict[str, object]:
    data: dict[str, object] = {
        "responseContext": {"visitorData": "CgtTdGFuZEluVmlzaXQ%3D"},
        "playabilityStatus": video.playability,
    }
    if video.playability.get("status") == "OK":
        data["videoDetails"] = {
            "videoId": video.video_id, "title": video.title, "lengthSeconds": str(video.length()),
            "channelId": "UCstandInChannel000000", "isOwnerViewing": False, "shortDescription": video.description,
            "isCrawlable": True, "allowRatings": True, "viewCount": "1234", "author": video.author,
            "isPrivate": False, "isLiveContent": False,
        }
    if not video.captions_disabled and video.playability.get("status") == "OK":
        tracks = []
        for t in video.tracks:
            kind = "&kind=asr" if t.generated else ""
            track: dict[str, object] = {
                "baseUrl": (f"https://www.youtube.com/api/timedtext?v={video.video_id}&ei=standin&caps=asr"
                            f"&opi=112496729&xoaf=5&hl=en&ip=0.0.0.0&ipbits=0&expire=1999999999"
                            f"&sparams=ip,ipbits,expire,v,ei,caps,opi,xoaf&signature=ABC123&key=yt8"
                            f"{kind}&lang={t.language}&fmt=srv3"),
                "name": {"runs": [{"text": t.name}]}, "vssId": ("a." if t.generated else ".") + t.language,
                "languageCode": t.language, "isTranslatable": True, "trackName": "",
            }
            if t.generated:
                track["kind"] = "asr"
            tracks.append(track)
        data["captions"] = {"playerCaptionsTracklistRenderer": {
            "captionTracks": tracks,
            "audioTracks": [{"captionTrackIndices": list(range(len(tracks))), "audioTrackId": "en.0"}],
            "translationLanguages": [{"languageCode": "fr", "languageName": {"runs": [{"text": "French"}]}}],
            "defaultAudioTrackIndex": 0,
        }}
    return data


def timedtext(track: Track) -> bytes:
    lines = "".join(f'<text start="{s:g}" dur="{d:g}">{escape(text)}</text>' for s, d, text in track.cues)
    return f'<?xml version="1.0" encoding="utf-8" ?><transcript>{lines}</transcript>'.encode()


def playlist_feed(playlist: FakePlaylist, videos: dict[str, FakeVideo]) -> bytes:
    entries = "".join(
        f"<entry><id>yt:video:{v}</id><yt:videoId>{v}</yt:videoId><yt:channelId>UCstandInChannel000000</yt:channelId>"
        f"<title>{escape(videos[v].title)}</title><link rel=\"alternate\" href=\"https://www.youtube.com/watch?v={v}\"/>"
        f"<author><name>{escape(videos[v].author)}</name></author><published>2024-0{i + 1}-01T00:00:00+00:00</published>"
        f"</entry>" for i, v in enumerate(playlist.video_ids))
    return (f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" '
            f'xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">'
            f'<link rel="self" href="http://www.youtube.com/feeds/videos.xml?playlist_id={playlist.playlist_id}"/>'
            f'<id>yt:playlist:{playlist.playlist_id}</id><yt:playlistId>{playlist.playlist_id}</yt:playlistId>'
            f'<title>{escape(playlist.title)}</title>{entries}</feed>').encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def do_CONNECT(self) -> None:  # noqa: N802
        self.server.stand_in.tunnels.append(self.path)
        self.send_response(200, "Connection Established")
        self.end_headers()
        tls = self.server.stand_in.tls.wrap_socket(self.connection, server_side=True)
        self.connection = tls
        self.rfile = tls.makefile("rb", -1)
        self.wfile = socketserver._SocketWriter(tls)  # type: ignore[attr-defined]
        self.close_connection = False  # CONNECT comes as HTTP/1.0; the tunnel carries HTTP/1.1 requests on

    def _answer(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        stand_in = self.server.stand_in
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        stand_in.requests.append(("GET", self.path))
        if url.path == "/watch":
            video = stand_in.videos.get(query.get("v", ""))
            if video and video.watch_status != 200:
                return self._answer(video.watch_status, b"<html>Too Many Requests</html>", "text/html")
            page = watch_page(video) if video else watch_page(FakeVideo(query.get("v", ""), "", ""))
            return self._answer(200, page, "text/html; charset=utf-8")
        if url.path == "/api/timedtext":
            video = stand_in.videos.get(query.get("v", ""))
            generated = query.get("kind") == "asr"
            for track in video.tracks if video else []:
                if track.language == query.get("lang") and track.generated == generated:
                    return self._answer(200, timedtext(track), "text/xml; charset=UTF-8")
            return self._answer(404, b"", "text/html")
        if url.path == "/feeds/videos.xml":
            playlist = stand_in.playlists.get(query.get("playlist_id", ""))
            if playlist is None:
                return self._answer(404, b"<html>Not Found</html>", "text/html")
            return self._answer(200, playlist_feed(playlist, stand_in.videos), "text/xml; charset=UTF-8")
        self._answer(404, b"<html>Not Found</html>", "text/html")

    def do_POST(self) -> None:  # noqa: N802
        stand_in = self.server.stand_in
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        stand_in.requests.append(("POST", self.path))
        url = urlsplit(self.path)
        if url.path != "/youtubei/v1/player" or parse_qs(url.query).get("key") != [API_KEY]:
            return self._answer(400, b'{"error": {"code": 400, "status": "INVALID_ARGUMENT"}}', "application/json")
        video = stand_in.videos.get(str(body.get("videoId")))
        if video is None:
            data: dict[str, object] = {"playabilityStatus": {"status": "ERROR", "reason": "This video is unavailable"}}
        else:
            data = player_response(video)
        self._answer(200, json.dumps(data).encode(), "application/json; charset=UTF-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stand_in: YouTubeStandIn


class YouTubeStandIn:
    """Start with `start()`; `proxy` is the proxy URL, `ca_bundle` the CA file studybot is told to trust."""

    def __init__(self, folder: Path) -> None:
        self.videos: dict[str, FakeVideo] = {}
        self.playlists: dict[str, FakePlaylist] = {}
        self.requests: list[tuple[str, str]] = []
        self.tunnels: list[str] = []
        ca = trustme.CA()
        self.ca_bundle = str(folder / "youtube-ca.pem")
        ca.cert_pem.write_to_path(self.ca_bundle)
        self.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("www.youtube.com", "youtube.com", "m.youtube.com").configure_cert(self.tls)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.stand_in = self

    def add(self, *videos: FakeVideo) -> YouTubeStandIn:
        for v in videos:
            self.videos[v.video_id] = v
        return self

    def add_playlist(self, playlist: FakePlaylist) -> YouTubeStandIn:
        self.playlists[playlist.playlist_id] = playlist
        return self

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> YouTubeStandIn:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
