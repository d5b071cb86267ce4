# Pure-Python loops and function calls: integer arithmetic, recursion, closures, keyword arguments.


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def make_adder(k):
    def add(x, scale=1):
        return x * scale + k
    return add


def main():
    total = 0
    for i in range(300000):
        total += (i * 7) % 13 - (i >> 3)
    add = make_adder(5)
    acc = 0
    for i in range(200000):
        acc = add(acc, scale=1) % 1000003
    print("loops", total, acc, fib(22))


main()
