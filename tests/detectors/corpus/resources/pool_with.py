# family: resources
# label: good
# source: own
from multiprocessing import Pool


def square_all(values: list[int]) -> list[int]:
    with Pool(4) as pool:
        return pool.map(abs, values)
