"""Each channel's course: the material's units in order (chapters of its sources), the channel's
subscription and schedule, and its progress through the units. The digest, reviews, flashcards and
`progress` all read it; it imports none of them."""
