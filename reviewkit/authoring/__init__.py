"""Guided authoring: walk the reviewer through every episode and theme, saving each answer.

- `questions`: the question set (data in templates/questions.yaml).
- `session`: the walk itself, a state machine fed by an answer source; it never prints.
- `evidence`: what is shown before each section's questions.
- `targets`: where each answer goes in the case file, and saving it there (through
  `reviewkit.casefile.CaseStore`, which keeps the file's comments and layout).
- `answers`: answers read from a file, for use without a terminal.
"""
