import MoodCLI

Mood.mainCuttingLongValues()
