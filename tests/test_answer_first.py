"""An extractive answer says the answer first: the definition for "what is X", the number for "how many",
the reason for "why"; a sentence that leans on the one before brings it along; every bullet is cited."""

from __future__ import annotations

from pathlib import Path

from bot.ask.answer_first import DEFINITION, PERSON, QUANTITY, REASON, STEPS, kind_of
from bot.bootstrap import Services
from bot.conversation import IncomingMessage
from bot.text.sentence_roles import roles_in_order, roles_of
from tests.conftest import load_course, reply_to


def msg(text: str, thread: str) -> IncomingMessage:
    return IncomingMessage(platform="test", tenant="default", channel="c1", thread=thread, user="u1", text=text)


def bullets(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("• ")]


def test_what_a_sentence_does_is_read_once() -> None:
    assert roles_of("The solution is reinforcement learning from human feedback, usually called RLHF.").defines == {
        "rlhf": 2}
    assert set(roles_of("**RLHF** (reinforcement learning from human feedback) handles tasks.").defines) == {
        "rlhf", "reinforcement learning from human feedback"}
    assert roles_of("Supervised fine-tuning (SFT) means more training.").defines_any([("sft",)]) == 2
    assert roles_of("A reranker - a small model that scores pairs.").defines_any([("rerankers",)]) == 2
    assert roles_of("RLHF, reinforcement learning from human feedback, is the last stage.").defines_any([("rlhf",)])
    assert not roles_of("So in practice, RLHF runs for a few hundred steps.").defines
    assert roles_of("It was trained on 15 trillion tokens.").quantity
    assert roles_of("The RFC also says the minimum RTO is one second.").quantity  # "one" with its unit
    assert not roles_of("One of them fires first.").quantity and not roles_of("It takes a second look.").quantity
    assert roles_of("That's why it stops early.").reason and roles_of("That's why it stops early.").leans
    assert not roles_of("Reward models learn from rankings.").leans
    assert roles_of("No, a base model cannot follow instructions.").verdict and roles_of("Yes.").verdict
    for opening in ("Normally, a package ends in .deb.", "Notice that you need the headers.", "Now we train it.",
                    "Surely this is rare.", "Nextcloud syncs files."):  # "no", "sure", "next" only as whole words
        assert not roles_of(opening).verdict and not roles_of(opening).step, opening
    listed = roles_of("Installing from CD is straightforward: configure the machine to boot from CD, insert it, and reboot.")
    assert listed.step and not listed.pointer
    after = roles_of("You do not need permission to distribute anything we have released.", "Go ahead.")
    assert after.verdict and after.leans  # a bare verdict before it: this sentence carries it, and brings it
    for pointer in ("See Section 7.8 for more information.", "For more details, see the manual page.",
                    "You might also want to check out the INSTALL file.", "Please refer to the CD page for more."):
        assert roles_of(pointer).pointer and not roles_of(pointer).step, pointer


def test_what_a_spoken_sentence_does_is_read_as_well() -> None:
    # an acronym beside its expansion, anywhere in the sentence, either way round
    assert roles_of("So most modern databases use MVCC, multi-version concurrency control.").defines_any(
        [("mvcc",)]) == 2
    assert roles_of("Every record gets a number, the log sequence number, LSN, and more.").defines_any([("lsn",)]) == 2
    assert not roles_of("I use Postgres, MySQL, and SQLite.").defines
    # a term set beside what it is, and a speaker's question answered by the next sentence
    assert roles_of("The write-ahead log, the file where every change goes first.").defines_any(
        [("write", "ahead", "log")]) == 2
    assert roles_of("Well, it's basically a tree where every node is a page.", "Um, so what's a B-tree?").defines_any(
        [("b", "tree")]) == 2
    assert not roles_of("Well, it's basically a tree where every node is a page.").defines_any([("b", "tree")])
    # a term beside what it is, the noun after the comma going on to say which
    assert roles_of("The working set, the pages a process has actually touched lately.").defines_any(
        [("working", "set")]) == 2
    assert not roles_of("Anyway, the rest of the class is easy.").defines_any([("anyway",)])
    # a sentence names what was just described, and the next one says what the name means
    glossed = roles_of("What that means, concretely, is that the system moves pages instead of working.",
                       "This is thrashing.")
    assert glossed.defines_any([("thrashing",)]) == 2 and glossed.leans  # so it brings the naming sentence along
    assert not roles_of("What that means is that you pay twice.", "This is fine, I think, for now.").defines
    # who: a person named, or the authors; a capitalised pair of everyday words names nobody
    assert roles_of("That's the working set idea, from Peter Denning, 1968.").person
    assert roles_of("The standard algorithm is ARIES, from C. Mohan at IBM.").person
    assert roles_of("For each package the authors of the program are credited in its copyright file.").person
    assert not roles_of("The decision of using Toy Story names was made long ago.").person
    # a reason stated outright, or answering the speaker's own "why?"; the answer to their "how does…?" is steps
    assert roles_of("And the reason they're randomized is so that one server times out first.").outright
    assert roles_of("because most bits are imperceptible.", "why can you throw that much away?").outright
    assert not roles_of("because most bits are imperceptible.").outright
    assert roles_of("Most web transfers are short.", "Uh, why did they raise it?").outright  # a filler before "why"
    assert roles_of("You start small, and for every ACK you add one segment.", "Here's how slow start works.").step
    assert not roles_of("Honestly Raft is very close to Multi-Paxos.").person  # an adverb opens no name
    assert roles_of("In it, the queries come from the image.", "So how does cross-attention work here?").step
    assert roles_of("It increments its term, becomes a candidate, votes for itself and sends requests.").step
    assert roles_of("And the way it works is, whenever the mutator overwrites a pointer, the barrier shades it.").step
    assert roles_of("And what quality does is scale the base table.").outright  # "what X does is…" says how
    asked = roles_of("Why can't you just have one and be done with it?", "Why do some vaccines need a booster?")
    assert not (asked.reason or asked.outright or asked.step)  # a question answers nothing, even after another
    # a bare kind with what sets it apart defines as "X is a Y where…" does
    assert roles_of("Floating garbage is objects that became unreachable while marking.").defines_any(
        [("floating", "garbage")]) == 2
    assert not roles_of("I like apples, pears, and bananas.").step
    # the kind, then what sets it apart, defines more than "X is a Y"
    assert roles_of("Joint consensus is a configuration where both majorities vote.").defines_any(
        [("joint", "consensus")]) == 2
    assert roles_of("Reward models are just classifiers.").defines_any([("reward", "models")]) == 1
    assert roles_of("Strict 2PL holds them until the end precisely to avoid cascading aborts.").reason
    assert roles_of("ARIES recovery has three passes, analysis, redo and undo.").step
    # spoken definitions: the cleft "what X is, is…", and an aside inside "X is, basically, a…"
    assert roles_of("So what a fault is, basically, is a fracture in the rock.").defines_any([("fault",)]) == 2
    assert roles_of("What a blob is, is just the contents of a file.").defines_any([("blob",)]) == 2
    assert roles_of("So a tsunami is, basically, a wave the whole ocean makes.").defines_any([("tsunami",)])
    assert not roles_of("What this is, is a mess.").defines_any([("this",)])
    assert not roles_of("So what happens is, the plate goes down.").defines
    # a recogniser ends the speaker's question with a full stop; the next sentence still answers it
    assert roles_of("When the fault slips, the sea floor is pushed up.", "So how does an earthquake make a tsunami.").step
    # an amount per unit of time, read at ingest, is a quantity too
    yearly = roles_of("They move a few centimeters a year.")
    assert yearly.rate and yearly.quantity
    assert not roles_of("One year later he came back.").rate
    # one of a kind, introduced by name
    assert roles_of("The other classic one is the hash index, and here the idea is simple.").defines_any(
        [("hash", "index")]) == 1
    assert not roles_of("Another option is to wait.").defines
    # a sentence that credits the person it names answers "who" outright; "And this…" leans on the one before
    credited = roles_of("And this came from Harry Fielding Reid, a geologist at Johns Hopkins.")
    assert credited.person and credited.outright and credited.leans
    assert roles_of("But the person who really made a scientific case for it was Alfred Wegener.").outright
    assert not roles_of("Harry Fielding Reid studied the 1906 earthquake.").outright  # named, not credited


def first_of(texts: list[str], question: str, closeness: float, step: float = 0.05) -> str:
    """The sentence answered first when `texts` (one passage, read in order) are each `step` less close than
    the one before."""
    from bot.ask.answer_first import answer_first
    from bot.models import Chunk
    from bot.search.passages import Candidate

    chunk = Chunk("s1", "default", "Material", "text", " ".join(texts), "", None, 0, "v1")
    scored = [(Candidate(t, chunk, 0, i, roles=roles), closeness - step * i)
              for i, (t, roles) in enumerate(zip(texts, roles_in_order(texts)))]
    return answer_first(scored, kind_of(question), [])[0].text


def test_a_pointer_elsewhere_does_not_come_first_however_close() -> None:
    texts = ["See the serial port documentation for more information.",
             "Open the device file, then set its speed with stty before you read from it."]
    assert first_of(texts, "How do I read the serial port?", 0.6) == texts[1]


def test_who_is_answered_by_the_sentence_naming_someone() -> None:
    texts = ["If a process's working set fits in its frames, it runs fine.",
             "That's the working set idea, from Peter Denning, 1968."]
    assert first_of(texts, "Who came up with the working set model?", 0.5) == texts[1]


def test_who_is_answered_by_the_answer_to_the_speaker_s_own_who() -> None:
    texts = ["In 1988 Jacobson published a paper called Congestion Avoidance and Control.", "So who fixed this?",
             "It was Van Jacobson, together with Mike Karels, at Berkeley."]
    assert first_of(texts, "Who fixed TCP's congestion problem after the collapse?", 0.5, step=0.03) == texts[2]


def test_who_is_answered_by_the_sentence_crediting_someone() -> None:
    texts = ["And he proposed this in 1912, so, over a hundred years ago, and he called it continental drift.",
             "He was German and, uh, actually a meteorologist, not a geologist.",
             "But the person who really made a scientific case for it was Alfred Wegener."]
    assert first_of(texts, "Who was the scientist behind continental drift?", 0.7, step=0.05) == texts[2]


def test_how_fast_is_answered_by_an_amount_per_unit_of_time() -> None:
    texts = ["The whole ocean, from the floor to the surface, four kilometers of water.",
             "The distance from one crest to the next can be a hundred kilometers or more.",
             "In deep water it travels at, um, about seven hundred kilometers an hour."]
    for question in ("How fast does a tsunami travel in the deep ocean?", "海啸在深海里传播得有多快？"):
        assert first_of(texts, question, 0.7, step=0.04) == texts[2], question
    amounts = ["If the magnitude goes up by one, the wiggle is ten times bigger.",
               "Thirty two.", "So a six is about thirty-two times more energy than a five."]
    assert first_of(amounts, "If the magnitude goes up by one, how much more energy is released?", 0.6,
                    step=0.04) == amounts[2]


def test_why_is_answered_by_the_reason_stated_outright() -> None:
    texts = ["If everybody used the same timeout you could get split votes over and over.",
             "In the paper the timeouts are between 150 and 300 milliseconds.",
             "And the reason they're randomized is so that usually one server times out first."]
    assert first_of(texts, "Why are election timeouts randomized?", 0.5) == texts[2]


def test_a_sentence_its_passage_cuts_off_is_not_added_as_context() -> None:
    from bot.models import Chunk
    from bot.search.passages import Candidate, with_context

    text = "That's the working set idea, from 1968. The working set, the pages a process"
    chunk = Chunk("s1", "default", "Lecture", "transcript", text, "", None, 0, "v1")
    short = Candidate("That's the working set idea, from 1968.", chunk, 0, 0)
    assert with_context(short).text == short.text  # not "…The working set, the pages a process"
    whole = Chunk("s1", "default", "Lecture", "transcript", text + " has touched lately.", "", None, 0, "v1")
    assert with_context(Candidate(short.text, whole, 0, 0)).text.endswith("has touched lately.")


def test_the_kind_of_question_says_what_the_answer_looks_like() -> None:
    listed = kind_of("What is meant by unknown, install, remove, purge and hold in the package status?")
    assert listed.kind == DEFINITION and {("unknown",), ("purge",)} <= set(listed.items)
    assert kind_of("What is RLHF?").kind == DEFINITION and kind_of("What is RLHF?").subject == ("rlhf",)
    assert kind_of("what's a reward model?").subject == ("reward", "model")
    assert kind_of("What does SFT stand for?").subject == ("sft",)
    assert kind_of("How many parameters did GPT-2 have?").kind == QUANTITY
    assert kind_of("When was Llama 3 released?").kind == QUANTITY
    assert kind_of("Why does RLHF stop early?").kind == REASON
    assert kind_of("How do I install a package?").kind == STEPS
    assert kind_of("How does the database recover after a crash?").kind == STEPS
    assert kind_of("Okay, so what is a heap file?").subject == ("heap", "file")  # spoken openers go
    assert kind_of("What is a process's working set?").subject == ("working", "set")  # the thing, not its owner
    assert kind_of("What are the roots in garbage collection?").subject == ("roots",)  # "in …" says where
    assert kind_of("What does the DC coefficient of a block actually represent?").subject == ("dc", "coefficient")
    assert kind_of("Roughly what is the fan-out of a B-tree node?").kind == QUANTITY  # "roughly": an amount
    assert kind_of("What does compaction do in an LSM tree?").subject == ("compaction",)  # not "… in an LSM tree"
    assert kind_of("What is a snapshot in Raft?").subject == ("snapshot",)
    assert ("man", "in", "the", "middle") in kind_of("What is man in the middle?").items  # or as written
    assert kind_of("Who came up with the working set model?").kind == PERSON
    assert kind_of("Who is Peter Denning?").kind == DEFINITION
    assert kind_of("Who was the scientist behind continental drift?").kind == PERSON  # someone, not a definition
    assert kind_of("What's the definition of a fault in geology?").subject == ("fault",)
    # the question after its condition; "how much more energy" counts energy
    conditional = kind_of("If the magnitude goes up by one whole number, how much more energy is released?")
    assert conditional.kind == QUANTITY and conditional.counted == ("energy",)
    assert kind_of("How fast do tectonic plates move?").rate and not kind_of("How big was it?").rate


def test_a_question_asked_in_chinese_is_of_the_same_kind() -> None:
    assert kind_of("什么是 RLHF？").kind == DEFINITION and kind_of("什么是 RLHF？").subject == ("rlhf",)
    assert "hallucination" in kind_of("幻觉是什么意思？").subject  # a Chinese term by its English senses
    assert kind_of("什么是嵌入（embedding）？").subject == ("embedding",)  # or by the English it is given in
    assert kind_of("什么是虚拟软件包？").subject == ("virtual", "package")  # each word's first sense
    assert ("rag",) in kind_of("什么是检索增强生成？").items  # one word: each of its senses
    assert kind_of("GPT-2 有多少参数？").kind == QUANTITY and "parameter" in kind_of("GPT-2 有多少参数？").counted
    assert "question" in kind_of("评测集里有多少个问题？").counted  # what is counted, by any of its senses
    assert kind_of("为什么 RLHF 要提前停止？").kind == REASON
    assert kind_of("怎样安装一个软件包？").kind == STEPS
    assert kind_of("MVCC 是什么的缩写？").subject == ("mvcc",)  # "what does MVCC stand for?"
    assert kind_of("YCbCr 里面的 Y 通道代表的是什么？").kind == DEFINITION  # "什么？" asks no yes or no
    assert kind_of("一个块的 DC 系数（DC coefficient）到底代表什么呀？").subject == ("dc", "coefficient")
    assert kind_of("什么是脏页？").subject == ("dirty", "page")  # 脏 here is "dirty", not "viscera"
    assert kind_of("LSM 树里的 compaction 是做什么的？").subject == ("compaction",)  # "A 的 B": B is asked about
    assert kind_of("x86-64 的页表一共有几级？").counted == ("level",)  # 几级: how many levels
    assert kind_of("几乎所有的进程都这样吗？").kind != QUANTITY  # 几乎 is "almost"
    assert kind_of("工作集模型是谁提出的？").kind == PERSON
    window = kind_of("拥塞窗口（cwnd）到底是什么？")  # the English given, and the Chinese term's own senses
    assert window.subject == ("cwnd",) and ("congestion", "window") in window.items
    assert kind_of("带宽时延积是什么？").subject == ("bandwidth", "delay", "product")
    assert "image" in kind_of("算 FID 需要生成多少张图？").counted
    assert kind_of("进程的工作集是什么？").subject == ("working", "set")  # an operating system's sense
    assert kind_of("疫苗里加的佐剂（adjuvant）是什么东西？").subject == ("adjuvant",)  # "what thing is X?"
    assert kind_of("弱分代假说讲的是什么？").subject == ("weak", "generational", "hypothesis")  # "what does X say?"
    assert kind_of("地质学里断层（fault）的定义是什么？").subject == ("fault",)  # not "definition"
    assert kind_of("海啸在深海里传播得有多快？").rate  # how fast: an amount per unit of time


def test_a_chinese_question_s_frame_is_read_as_the_question_it_asks() -> None:
    from bot.text.chinese_english import english_of, glossed_words

    # "是什么意思" asks what something means: no "idea opinion" beside the term; "指" refers, it is no finger
    assert english_of(glossed_words("floating garbage 是什么意思？")) == "floating garbage what mean"
    assert "finger" not in english_of(glossed_words("垃圾回收里说的根（roots）具体指哪些东西？"))


async def test_the_first_bullet_states_the_answer(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    rlhf = await reply_to(app, msg("What is RLHF?", "a"))
    first = bullets(rlhf.text)[0]
    assert "reinforcement learning from human feedback" in first.lower(), rlhf.text
    assert not first.startswith("So in practice"), rlhf.text
    assert 1 <= len(bullets(rlhf.text)) <= 3 and all(b.endswith("]") for b in bullets(rlhf.text))

    in_chinese = await reply_to(app, msg("什么是 RLHF？", "zh"))
    assert bullets(in_chinese.text)[0] == first, in_chinese.text  # the same answer first, asked in Chinese

    sft = await reply_to(app, msg("What is SFT?", "b"))
    assert "supervised fine-tuning" in bullets(sft.text)[0].lower(), sft.text

    params = await reply_to(app, msg("How many parameters did GPT-2 have?", "c"))
    assert "1.6 billion" in bullets(params.text)[0], params.text

    why = await reply_to(app, msg("Why does RLHF have to be stopped after a limited number of steps?", "d"))
    assert "because" in bullets(why.text)[0].lower() or "that's why" in bullets(why.text)[0].lower(), why.text


async def test_a_sentence_that_leans_on_the_previous_one_brings_it(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    vocabulary = bullets((await reply_to(app, msg("What vocabulary size does the GPT-4 tokenizer have?", "v"))).text)
    assert "100,277" in vocabulary[0]
    for a in vocabulary:  # a sentence quoted once, even when another bullet brings it along as context
        assert not any(a.rsplit(" [", 1)[0] in b for b in vocabulary if b is not a), vocabulary
    reply = await reply_to(app, msg("How long does RLHF run in practice?", "e"))
    for line in bullets(reply.text):
        assert not line.startswith(("So ", "That's why", "This ")), reply.text
