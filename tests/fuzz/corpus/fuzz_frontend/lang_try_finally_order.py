# try/except/else/finally ordering, finally on return and break, and return inside finally.
def trace(flag):
    print("-- flag", flag)
    try:
        print("try body")
        if flag == "raise":
            raise ValueError("boom")
        if flag == "return":
            return "returned from try"
    except ValueError as e:
        print("except", e)
        return "returned from except"
    else:
        print("else runs only without exception")
    finally:
        print("finally always runs")
    print("after the statement")
    return "fell through"


for flag in ["plain", "raise", "return"]:
    print("result:", trace(flag))


def finally_wins():
    try:
        return "try"
    finally:
        print("finally overrides the return value")
        return "finally"


print(finally_wins())

for i in range(3):
    try:
        if i == 1:
            print("break at", i)
            break
        print("loop body", i)
    finally:
        print("finally for", i)


def nested():
    try:
        try:
            raise KeyError("k")
        finally:
            print("inner finally")
    except KeyError:
        print("outer except")
    finally:
        print("outer finally")


nested()

try:
    try:
        1 / 0
    finally:
        print("cleanup before propagation")
except ZeroDivisionError:
    print("caught after cleanup")
