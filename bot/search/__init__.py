"""Finding material: hybrid retrieval re-ranked by best sentence (retriever), whether the material
covers a question (answerability), and cited sentences of passages (passages). Shared by ask and
every study tool."""
