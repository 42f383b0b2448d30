# family: xxe
# label: good
# source: own
from lxml import etree


def load_config(path: str):
    parser = etree.XMLParser(resolve_entities=False)
    return etree.parse(path, parser).getroot()
