"""NotebookLM-style study tools (summary, outline, explain, compare, note, quiz), one module per tool.

`bot.study.toolkit.study_tools` builds them for StudyService; nothing here connects at import.
"""
