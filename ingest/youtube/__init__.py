"""YouTube links as sources: a video's captions, title, channel, length and the author's chapters; playlists.

links.py reads the link, session.py is the guarded HTTP session every YouTube request goes
through, video.py asks youtube-transcript-api for the captions, playlist.py lists a playlist,
refusals.py turns what YouTube refused into one plain line.
"""
