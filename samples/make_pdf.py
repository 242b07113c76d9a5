"""Build the sample PDF for the "How LLMs Are Built" study corpus.

The corpus needs a PDF so that page-number citations can be exercised, but a
binary file in the repository is hard to review and easy to let drift. Instead,
the PDF is generated from the plain-text sections below, and only this script
is version-controlled. Each section is placed on its own page, so the page
numbers that citations refer to stay stable.

Usage:
    python samples/make_pdf.py [OUTPUT_PATH]

Only the core Helvetica font is used, so every string must be latin-1 encodable.
"""

from __future__ import annotations

import datetime
import pathlib
import sys

from fpdf import FPDF
from fpdf.enums import XPos, YPos

TITLE = "Reinforcement learning for language models - study notes"
AUTHOR = "How LLMs Are Built (Dr. Mira Chen)"
# Fixed so that rebuilding from the same source yields the same metadata.
CREATION_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)

# Each section is (heading, paragraphs). A paragraph starting with "- " is a
# bullet; "**term**" marks bold text (rendered with fpdf2's markdown support).
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "1. Why reinforcement learning comes after SFT",
        [
            "A modern assistant is trained in three stages: pretraining on "
            "filtered web text, supervised fine-tuning (SFT) on example "
            "conversations, and reinforcement learning (RL). A helpful way to "
            "see why the third stage exists is to think about how a good "
            "textbook is organised.",
            "- **Exposition.** Most pages explain background material. Reading "
            "them builds knowledge, which is what pretraining does when the "
            "model predicts the next token across trillions of tokens.",
            "- **Worked examples.** An expert shows a complete solution and the "
            "student copies the method. SFT is the same idea: the model imitates "
            "answers written by human labelers who follow detailed instructions.",
            "- **Practice problems.** At the end of the chapter the student gets "
            "a question and perhaps the final answer, but no solution. They must "
            "try, fail, and try again. This is the role of RL.",
            "Why is imitation not enough? A labeler writes the solution that "
            "seems natural to a person, but people and networks find different "
            "steps difficult. A language model spends a fixed amount of "
            "computation on each token it produces, so a leap that a human "
            "makes in one line may be far too large for a single token, while "
            "a step the labeler explains at length may be trivial for the model. "
            "The labeler cannot see inside the network, so they cannot know "
            "which chain of steps suits it best.",
            "RL removes that guesswork. Instead of copying a fixed path, the "
            "model explores many paths of its own and keeps the ones that "
            "work. Over time it settles on a style of reasoning that fits its "
            "own strengths and weaknesses, including how many intermediate "
            "tokens it needs before committing to an answer.",
            "Note the cost profile. Pretraining is by far the most expensive "
            "stage, often months on thousands of GPUs. SFT is cheap by "
            "comparison, sometimes only hours. RL sits in between and is "
            "growing quickly, because it is where much of the recent progress "
            "in reasoning has come from.",
        ],
    ),
    (
        "2. RL with verifiable rewards and the emergence of thinking",
        [
            "The simplest form of RL for language models works on problems "
            "whose answers can be checked by a program: arithmetic and "
            "competition math with a known result, or coding tasks with unit "
            "tests. This is often called RL with verifiable rewards.",
            "The loop is easy to describe:",
            "- Pick a prompt, for example a word problem whose answer is 42.",
            "- Sample many independent solutions from the current model, often "
            "hundreds or thousands.",
            "- Check each final answer automatically. Correct attempts earn a "
            "reward; incorrect ones do not.",
            "- Update the model so that the reasoning found in the rewarded "
            "attempts becomes more likely, then repeat over a large and varied "
            "set of problems.",
            "Nobody tells the model how to reason. The only signal is whether "
            "the answer was right. The DeepSeek-R1 paper, published by "
            "DeepSeek in January 2025, showed publicly what happens when this "
            "is done at scale. Accuracy on hard math benchmarks rose steadily "
            "during training, and the average length of the responses grew at "
            "the same time. Reading the outputs explains why: the model had "
            "started to write out long chains of thought, trying an approach, "
            "pausing with phrases like 'wait, let me re-check this', "
            "backtracking, and verifying its result from another angle. These "
            "habits were not in any human-written example. They emerged because "
            "they raised the chance of a correct answer.",
            "Models trained this way are called thinking or reasoning models. "
            "DeepSeek-R1 was released with open weights under the MIT license; "
            "OpenAI's o1 and o3 models and Google's Gemini thinking models "
            "follow the same broad idea. They are slower and more expensive "
            "per answer, so they pay off on hard math, code and logic, not on "
            "simple lookups.",
            "Go offers a striking precedent. DeepMind's AlphaGo improved "
            "through self-play RL rather than imitation alone, and in its 2016 "
            "match against Lee Sedol it played move 37 in game two, a move "
            "experts estimated a human would pick about once in 10,000 times. "
            "Imitation caps a system near the level of its teachers; RL does "
            "not have that ceiling.",
        ],
    ),
    (
        "3. RLHF: reward models and their limits",
        [
            "Many useful tasks have no answer key. Is this joke funny? Is this "
            "summary fair? Is this reply polite but not grovelling? A program "
            "cannot check these, and RL needs far too many scores to ask a "
            "person about every sample: thousands of prompts times hundreds "
            "of attempts per prompt quickly reaches millions of judgements.",
            "Reinforcement learning from human feedback (RLHF) solves the "
            "volume problem with a stand-in. It works in three steps:",
            "- **Collect preferences.** For a given prompt, the model produces "
            "several candidates, say five short poems. A person orders them "
            "from best to worst. Comparing is much easier than writing the "
            "ideal poem from scratch, so labelers can give reliable signal even "
            "on tasks they could not do well themselves.",
            "- **Train a reward model.** A separate neural network takes a "
            "prompt and a candidate and outputs a score, for example between 0 "
            "and 1. It is trained until its scores reproduce the human "
            "orderings as closely as possible.",
            "- **Optimise against it.** The assistant is then trained with RL, "
            "using the reward model's score in place of a human rating. The "
            "reward model can score millions of samples at almost no cost.",
            "RLHF was a central part of OpenAI's InstructGPT work in 2022 and "
            "it reliably makes assistants more pleasant to use. It has a hard "
            "limit, though. The reward model is a large network, and like any "
            "network it has adversarial inputs: strange outputs that it scores "
            "highly even though no person would. If the assistant is optimised "
            "for long enough, it finds them. A 'joke' made of the same word "
            "repeated over and over might receive a near-perfect score. This is "
            "called reward hacking.",
            "Patching one such exploit by adding it to the data with a low "
            "rating does not help for long, because there are endlessly many "
            "others. In practice RLHF is run for a limited number of steps, "
            "often a few hundred, and stopped while quality is still improving. "
            "That makes it closer to a careful round of fine-tuning than to the "
            "open-ended RL of AlphaGo, where the reward (winning the game) "
            "cannot be gamed.",
        ],
    ),
    (
        "4. Practical takeaways and glossary",
        [
            "- Reach for a thinking model when a problem needs several steps of "
            "reasoning: multi-part math, debugging, planning. For quick facts "
            "or rewording, an ordinary assistant is faster and usually just as "
            "good.",
            "- Let the model write its reasoning. Asking for the answer first "
            "forces all the work into a few tokens; step-by-step output gives "
            "the model room to compute.",
            "- For exact arithmetic or counting, ask the model to use a code "
            "tool rather than trusting mental math.",
            "- Treat fluent answers on subjective tasks as RLHF-polished, not "
            "verified. Style has been optimised; facts still need checking.",
            "- Remember the Swiss-cheese picture: excellent on many hard tasks, "
            "with surprising holes on some easy ones.",
            "**Glossary**",
            "**Base model** - the network produced by pretraining; it continues "
            "documents rather than answering questions.",
            "**SFT** - supervised fine-tuning on example conversations, teaching "
            "the model to imitate a helpful assistant.",
            "**Policy** - in RL, the model whose behaviour is being improved.",
            "**Reward** - a number saying how good an attempt was; in verifiable "
            "RL it comes from an automatic checker.",
            "**Chain of thought** - the intermediate reasoning a model writes "
            "before giving its final answer.",
            "**Thinking model** - a model trained with RL to produce long chains "
            "of thought, such as DeepSeek-R1.",
            "**Reward model** - a network trained on human rankings to predict "
            "which responses people prefer.",
            "**RLHF** - reinforcement learning from human feedback: RL against "
            "a reward model instead of a human.",
            "**Reward hacking** - exploiting flaws in a reward model to earn high "
            "scores for outputs that are actually bad.",
        ],
    ),
]


class _NotesPDF(FPDF):
    """FPDF subclass that stamps a running title (from page 2) and page numbers."""

    def header(self) -> None:
        if self.page_no() == 1:  # the first page carries the full title instead
            return
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, TITLE, align="R")
        self.ln(10)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


def build_pdf(out: pathlib.Path) -> pathlib.Path:
    """Write the study-notes PDF to ``out`` (one section per page) and return the path."""
    pdf = _NotesPDF(format="A4")
    pdf.set_title(TITLE)
    pdf.set_author(AUTHOR)
    pdf.set_subject("Reinforcement learning, RLHF and thinking models")
    pdf.set_margins(left=20, top=15, right=20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_creation_date(CREATION_DATE)

    for index, (heading, paragraphs) in enumerate(SECTIONS, start=1):
        pdf.add_page()
        if index == 1:
            pdf.set_font("Helvetica", "B", 17)
            pdf.multi_cell(0, 8, TITLE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 6, f"Course companion: {AUTHOR}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(4)
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        for paragraph in paragraphs:
            bullet = paragraph.startswith("- ")
            text = paragraph[2:] if bullet else paragraph
            pdf.set_font("Helvetica", "", 11)
            if bullet:
                pdf.set_x(pdf.l_margin + 4)
                text = "- " + text
            pdf.multi_cell(0, 5.6, text, markdown=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2.2)
        if pdf.page_no() != index:
            raise RuntimeError(f"section {index} ({heading!r}) overflowed its page")

    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return out


if __name__ == "__main__":
    default = pathlib.Path(__file__).resolve().parent / "llm-course" / "reinforcement-learning-notes.pdf"
    target = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
    print(build_pdf(target))
