#!/usr/bin/env python3
"""Build a second public retrieval dev set from Perl's FAQ.

Needs the Debian packages perl-doc and nodejs-doc (apt-get install perl-doc nodejs-doc);
pod2text ships with perl itself.
Corpus: perlfaq1..9 rendered to plain text by pod2text, with every question heading
(=head2) removed, plus the Markdown sources of Node.js API pages whose subjects the
Perl FAQ also covers (files, processes, sockets, text, numbers) as near-topic
distractors. perlfaq.pod itself is left out: it lists every question.
Questions: the FAQ's own question headings. Gold: the answer text under each heading,
as pod2text renders it, so gold and corpus are the same text.
Of the 306 headings, the 227 questions with answers of at least 300 letters and digits
are kept: a hit then always needs score.py's full run of 100, never half of a short
answer that a stock phrase could match.

License: perlfaq is free documentation under the same terms as Perl itself (Artistic
License or GPL), its code examples are public domain; Node.js's documentation is MIT
(Expat). Both allow copying and derived works such as this benchmark.

usage: build_perlfaq.py OUTDIR
Writes OUTDIR/corpus/*.txt, *.md and OUTDIR/questions.jsonl ({"id","question","gold"}).
"""
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

NODE = Path("/usr/share/doc/nodejs/api")
NODE_PAGES = ("fs path os process child_process readline tty net dns dgram http url "
              "querystring buffer timers console repl debugger modules packages cli errors intl").split()
HEAD2 = re.compile(r"^  (\S.*)$")   # pod2text: =head1 at column 0, =head2 at 2, text at 4
MIN_GOLD = 300


def norm(s):
    return re.sub(r"[^a-z0-9]+", "", s.lower())


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def split_faq(text):
    """Return the (question, answer) pairs and the text without the question headings.

    An answer runs from its =head2 line to the next =head2 or =head1 line."""
    lines = text.splitlines()
    heads = [n for n, l in enumerate(lines) if HEAD2.match(l)]
    drop = set(heads)
    breaks = [n for n, l in enumerate(lines) if n in drop or l[:1].strip()] + [len(lines)]
    pairs = []
    for n in heads:
        end = next(b for b in breaks if b > n)
        pairs.append((lines[n].strip(), "\n".join(lines[n + 1:end]).strip()))
    return pairs, "\n".join(l for n, l in enumerate(lines) if n not in drop)


def main():
    out = Path(sys.argv[1]); corpus = out / "corpus"; corpus.mkdir(parents=True, exist_ok=True)
    privlib = run("perl", "-MConfig", "-e", "print $Config{privlib}")   # /usr/share/perl/5.xx
    qs = []
    for pod in sorted(Path(privlib, "pod").glob("perlfaq[1-9].pod")):
        text = run("pod2text", "--utf8", str(pod))
        pairs, body = split_faq(text)
        (corpus / f"{pod.stem}.txt").write_text(body)
        for question, answer in pairs:
            if question.endswith("?") and len(norm(answer)) >= MIN_GOLD:
                qs.append({"id": f"perlfaq-{len(qs)}", "question": question, "gold": answer})
    for name in NODE_PAGES:
        (corpus / f"node-{name}.md").write_text(gzip.open(NODE / f"{name}.md.gz", "rt").read())
    with open(out / "questions.jsonl", "w") as fh:
        for q in qs:
            fh.write(json.dumps(q) + "\n")
    print(f"{len(qs)} questions, {len(list(corpus.iterdir()))} corpus files")


if __name__ == "__main__":
    main()
