import MoodCLI

Mood.main()
