def run(name: str) -> str:
    return name
