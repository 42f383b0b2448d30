# family: redos
# label: bad
# source: own
import re


def censor():
    value = input("word: ").strip()
    text = "The quick brown fox"
    return {"text": re.sub(value, "***", text)}  # expect
