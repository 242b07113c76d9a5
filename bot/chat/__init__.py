"""How the bot behaves in a conversation: admitting each event once and within rate limits
(admission), the threads it opened (own_threads), safe links (link_policy) and streamed replies
(streaming). bot/service.py uses them."""
