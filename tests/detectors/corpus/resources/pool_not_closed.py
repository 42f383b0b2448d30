# family: resources
# label: bad
# source: own
from multiprocessing import Pool


def square_all(values: list[int]) -> list[int]:
    pool = Pool(4)  # expect
    return pool.map(abs, values)
