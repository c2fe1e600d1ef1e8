#!/usr/bin/env python3
"""Writes data/incidents/defihacklabs_poc_forks.csv: the chain each DeFiHackLabs PoC forks, for the README rows of
data/incidents/defihacklabs_incidents.csv whose chain_fork column is empty but which link a PoC file.

Read from the PoC file itself at the commit the dataset was extracted from (a bare git mirror of SunWeb3Sec/DeFiHackLabs,
e.g. the one the fetch tool brings to /work/.mirror/SunWeb3Sec+DeFiHackLabs/repo): the first vm.createSelectFork(...) or
vm.createFork(...) call. Its first argument is either a foundry.toml rpc_endpoints alias ("bsc", "mainnet") or an RPC URL,
possibly through a string constant declared in the same file; an alias maps by name, a URL by the chain its host names.
A PoC whose fork names no chain this way is left out (printed on stderr), never guessed.

usage: tools/incidents/poc_fork_chains.py MIRROR_GIT_DIR COMMIT > data/incidents/defihacklabs_poc_forks.csv
"""
import csv
import re
import subprocess
import sys

ALIASES = {"mainnet": "ethereum", "ethereum": "ethereum", "bsc": "bsc", "arbitrum": "arbitrum", "optimism": "optimism",
           "base": "base", "polygon": "polygon", "avalanche": "avalanche", "fantom": "fantom", "gnosis": "gnosis",
           "blast": "blast", "linea": "linea", "mantle": "mantle", "sei": "sei", "moonriver": "moonriver", "celo": "celo"}
# An RPC URL's host or path names the chain: bsc-mainnet.public.blastapi.io, api.zan.top/bsc-mainnet, arbitrum.gateway.tenderly.co
URL_CHAINS = [("bsc", "bsc"), ("binance", "bsc"), ("arbitrum", "arbitrum"), ("eth-mainnet", "ethereum"), ("base", "base"),
              ("polygon", "polygon"), ("optimism", "optimism"), ("avax", "avalanche"), ("avalanche", "avalanche")]
FORK = re.compile(r'create(?:Select)?Fork\(\s*("([^"]*)"|([A-Za-z_][A-Za-z0-9_]*))')


def chain_of(arg):
    if arg in ALIASES:
        return ALIASES[arg]
    if arg.startswith("http") or arg.startswith("wss"):
        url = arg.lower()
        hits = {chain for key, chain in URL_CHAINS if key in url}
        return hits.pop() if len(hits) == 1 else None
    return None


def main():
    mirror, commit = sys.argv[1], sys.argv[2]
    rows = list(csv.DictReader(open("data/incidents/defihacklabs_incidents.csv", encoding="utf-8")))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["poc_path", "chain", "fork_call", "source"])
    seen = set()
    for r in rows:
        poc = r["poc_path"]
        if r["chain_fork"] or not poc or poc in seen:
            continue
        seen.add(poc)
        path = re.sub(r"/+", "/", poc)
        try:
            text = subprocess.run(["git", "--git-dir", mirror, "show", f"{commit}:{path}"], check=True, capture_output=True,
                                  text=True).stdout
        except subprocess.CalledProcessError:
            print(f"{poc}: not in the repository at {commit}", file=sys.stderr)
            continue
        m = FORK.search(text)
        if not m:
            print(f"{poc}: no createSelectFork/createFork call", file=sys.stderr)
            continue
        arg = m.group(2) if m.group(2) is not None else None
        if arg is None:
            const = re.search(r'string\s+(?:internal\s+|private\s+|public\s+)?constant\s+' + re.escape(m.group(3)) + r'\s*=\s*"([^"]*)"', text)
            if not const:
                print(f"{poc}: fork argument {m.group(3)} is not a string constant of the file", file=sys.stderr)
                continue
            arg = const.group(1)
        chain = chain_of(arg)
        if chain is None:
            print(f"{poc}: fork argument '{arg}' names no chain", file=sys.stderr)
            continue
        line = text[:m.start()].count("\n") + 1
        call = text.splitlines()[line - 1].strip()
        if m.group(3):
            call += f"  [{m.group(3)} = \"{arg}\"]"
        out.writerow([poc, chain, call, f"SunWeb3Sec/DeFiHackLabs:{path}@{commit} line {line}"])


if __name__ == "__main__":
    main()
