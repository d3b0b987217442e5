"""How big something is, said one way in every message: binary units, as file managers do."""


def byte_size(nbytes: float) -> str:
    """'512 bytes', '204.5 MiB', '6.2 GiB'."""
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if nbytes < 1024 or unit == "TiB":
            return f"{nbytes:,.0f} {unit}" if unit == "bytes" else f"{nbytes:,.1f} {unit}"
        nbytes /= 1024
    return ""
