# family: xxe
# label: good
# source: own
import sys
import xml.sax
from xml.sax.handler import feature_external_ges


def parse_sax():
    value = sys.argv[1]
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, False)
    parser.parse(value)
    return {"parsed": True}
