# family: redos
# label: good
# source: own
import re


def censor():
    value = input("word: ").strip()
    text = "The quick brown fox"
    return {"text": text.replace(value, "***")}
