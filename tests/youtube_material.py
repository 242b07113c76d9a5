"""Videos and a playlist for the YouTube stand-in, written for these tests."""

from __future__ import annotations

from tests.youtube_stand_in import FakePlaylist, FakeVideo, Track

TOKENIZERS_ID = "tOkEnIzErS1"
PRETRAINING_ID = "pReTrAiN001"
FINETUNING_ID = "fInEtUnE001"
AUTO_ONLY_ID = "aUtOoNlY001"
COURSE_PLAYLIST = "PLstandInCourse000000000001"


def _cues(lines: list[str], start: float = 0.0, every: float = 5.0) -> list[tuple[float, float, str]]:
    return [(start + i * every, every, line) for i, line in enumerate(lines)]


_TOKENIZER_LINES = [
    # 0:00 Intro
    "Welcome back to the study group.", "Today we look at how a language model reads text.",
    "It never sees characters or words directly.", "It sees tokens, which a tokenizer chooses before training.",
    "The choice of tokenizer shapes what the model finds easy or hard.",
    "We will cover byte pair encoding, vocabulary size and arithmetic.",
    "Let's get started with the algorithm itself.", "First, some history of the idea.",
    # 0:40 Byte pair encoding
    "Byte pair encoding starts from single bytes.", "It counts every adjacent pair of symbols in the training text.",
    "The most frequent pair is merged into a new symbol.", "Then the counting starts again with the new symbol.",
    "After tens of thousands of merges, common words are single tokens.",
    "Rare words are split into several pieces instead.", "The merges are learned once and then frozen.",
    "Every text the model ever reads goes through the same merges.", "That is all there is to the algorithm.",
    "Now, how many tokens should there be?",
    # 1:30 Vocabulary size
    "The GPT-4 tokenizer has a vocabulary of about one hundred thousand tokens.",
    "A bigger vocabulary makes sequences shorter.", "Shorter sequences mean the context window holds more text.",
    "But every token needs its own row in the embedding table.", "So a bigger vocabulary also costs parameters.",
    "One hundred thousand tokens is a trade-off between the two.", "Smaller models often use thirty two thousand.",
    "Multilingual models need more tokens to cover many scripts.",
    "Which brings us to a famous weakness.", "Numbers.",
    # 2:20 Why arithmetic is hard
    "Numbers are split into irregular chunks of digits.", "The digits of one number may land in two tokens.",
    "A very similar number may land in three tokens.", "The model has to learn arithmetic over these uneven pieces.",
    "That is one reason models stumble on long multiplication.", "Some newer tokenizers split every digit separately.",
    "That makes arithmetic more regular for the model.", "Thanks for watching, see you next week.",
]

TOKENIZERS_DESCRIPTION = """A study-group lecture on tokenization.

Chapters:
0:00 Intro
0:40 Byte pair encoding
1:30 Vocabulary size
2:20 Why arithmetic is hard

Slides: https://example.org/slides
"""

TOKENIZERS = FakeVideo(
    TOKENIZERS_ID, "How Tokenizers Work", "Deep Learning Study Group", TOKENIZERS_DESCRIPTION,
    tracks=[
        Track("en", "English", _cues(_TOKENIZER_LINES)),
        Track("de", "Deutsch", _cues(["Willkommen zurück in der Lerngruppe.",
                                      "Heute sehen wir uns an, wie ein Sprachmodell Text liest.",
                                      "Es sieht niemals Buchstaben, sondern Tokens."])),
        Track("en", "English (auto-generated)",
              _cues([line.lower().rstrip(".?") + " um" for line in _TOKENIZER_LINES]), generated=True),
    ],
)

PRETRAINING = FakeVideo(
    PRETRAINING_ID, "Pretraining on Web Text", "Deep Learning Study Group", "Part one of the course.",
    tracks=[Track("en", "English", _cues([
        "Pretraining starts from a large crawl of the public web.", "The crawl is filtered for quality and language.",
        "Duplicates are removed so the model does not memorise them.",
        "The model then predicts the next token over trillions of tokens.",
        "The result is a base model that continues any document.", "A base model is not yet an assistant.",
    ]))],
)

FINETUNING = FakeVideo(
    FINETUNING_ID, "Fine-tuning Assistants", "Deep Learning Study Group", "Part three of the course.",
    tracks=[Track("en", "English", _cues([
        "Supervised fine-tuning trains the base model on labelled conversations.",
        "Human labelers write the ideal answer for each prompt.",
        "The model learns to imitate the labelers' style and helpfulness.",
        "Reinforcement learning from human feedback comes afterwards.",
    ]))],
)

AUTO_ONLY = FakeVideo(
    AUTO_ONLY_ID, "Office Hours Recording", "Deep Learning Study Group",
    tracks=[Track("en", "English (auto-generated)", _cues([
        "so today in office hours we talked about attention", "attention lets every token look at every other token",
        "the cost grows with the square of the sequence length",
    ]), generated=True)],
)

COURSE = FakePlaylist(COURSE_PLAYLIST, "How LLMs Are Built — the course", [PRETRAINING_ID, TOKENIZERS_ID, FINETUNING_ID])


def refusing_videos() -> dict[str, FakeVideo]:
    """One video for each way YouTube says no, keyed by what the refusal is about."""
    return {
        "captions disabled": FakeVideo("nOcApTiOnS1", "A Talk Without Captions", "Someone", captions_disabled=True,
                                       tracks=[]),
        "private": FakeVideo("pRiVaTe0001", "", "", playability={
            "status": "LOGIN_REQUIRED", "reason": "This video is private",
            "messages": ["This is a private video. Please sign in to verify that you may see it."]}),
        "age-restricted": FakeVideo("aGeReStR001", "", "", playability={
            "status": "LOGIN_REQUIRED", "reason": "This video may be inappropriate for some users.",
            "desktopLegacyAgeGateReason": 1}),
        "removed": FakeVideo("rEmOvEd0001", "", "", playability={
            "status": "ERROR", "reason": "This video is unavailable"}),
        "bot check": FakeVideo("bOtChEcK001", "", "", playability={
            "status": "LOGIN_REQUIRED", "reason": "Sign in to confirm you’re not a bot"}),
        "rate limited": FakeVideo("tOoMaNy0001", "", "", watch_status=429),
    }
