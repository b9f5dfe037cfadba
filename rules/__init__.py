"""The bundled rules packs, one TOML file per round, installed as ``nominate.packs``."""
