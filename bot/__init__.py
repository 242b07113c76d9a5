"""studybot core: platform-agnostic retrieval, answering and conversation logic."""
