"""Understanding what people type: script normalisation, community (city) matching, dates and
times (`nlu.when`), and free-text intents (`nlu.parser.NluParser`; see nlu/README.md)."""
