# family: xxe
# label: bad
# source: own
from lxml import etree


def load_config(path: str):
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)  # expect
    return etree.parse(path, parser).getroot()
