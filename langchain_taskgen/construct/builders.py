"""One builder per task type: code picks the material and renders the task's input.

Each builder returns up to ``n`` :class:`Draft` objects for one passage. Labels are
decided by code from how the material was built (a negated premise contradicts it,
a swapped term makes a yes/no question false), so they are balanced and correct by
construction; the model writes only paraphrases and summaries, which are checked
before a pair is made of them.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable

from langchain_taskgen.checks.answers import is_degenerate as is_degenerate_text
from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.passage import (
    STOPWORDS,
    Corpus,
    Span,
    answer_spans,
    clean,
    content_words,
    has_negation,
    is_good_sentence,
    is_plural_aux,
    lower_first,
    negate,
    split_sentences,
    split_subject,
    words,
    yes_no_question,
)
from langchain_taskgen.errors import TaskParseError

Builder = Callable[[int, Corpus, random.Random, int], list[Draft]]

_NUMBER_WORDS = re.compile(r"\d+(?:[.,]\d+)?")
_QUESTION_SLOTS = frozenset(
    """in on at by for with from to of into onto under over via about than like as after
    before within without is are was were be been called named use uses used using run runs
    install installs installed provides provide contains contain includes include requires
    require need needs edit edits create creates support supports cost costs take takes
    has have allow allows""".split()
)

# Words that mean one thing in technical prose and another in everyday English, with
# a sentence in the everyday sense. "One sense per discourse" (Gale, Church and
# Yarowsky, 1992) makes two uses in one manual the same sense; these give the other.
OTHER_SENSE: dict[str, str] = {
    "file": "She smoothed the edge of the key with a metal file.",
    "shell": "The child found a spiral shell on the beach.",
    "kernel": "Each kernel of corn popped in the hot pan.",
    "root": "The old tree sent a thick root under the garden wall.",
    "tree": "They planted an apple tree behind the house.",
    "branch": "A bird sat on the lowest branch of the oak.",
    "port": "The ship stayed in port until the storm passed.",
    "boot": "He pulled on his left boot and laced it tightly.",
    "driver": "The bus driver waited for the last passenger.",
    "package": "The postman left a package at the front door.",
    "key": "She lost the key to her front door.",
    "window": "He opened the window to let in fresh air.",
    "mouse": "A mouse ran across the kitchen floor.",
    "bug": "A small bug crawled up the wall.",
    "patch": "She sewed a patch over the hole in her jeans.",
    "host": "The host welcomed every guest at the door.",
    "terminal": "The plane waited at the terminal for an hour.",
    "table": "They ate dinner at the kitchen table.",
    "record": "She set a new record in the hundred metres.",
    "release": "The zoo planned the release of the birds into the wild.",
    "mount": "They climbed Mount Everest last spring.",
    "bus": "She took the bus to work every morning.",
    "cache": "The explorers hid a cache of food in the cave.",
    "source": "The river's source is high in the mountains.",
    "channel": "The ferry crossed the channel in two hours.",
    "command": "The general gave the command to advance.",
    "server": "The server brought our drinks to the table.",
    "client": "The lawyer met her client in the morning.",
    "desktop": "He cleared the papers off his wooden desktop.",
    "menu": "The waiter handed us the dinner menu.",
    "firewall": "The firewall between the two flats stopped the fire spreading.",
    "library": "She borrowed three novels from the town library.",
    "signal": "The referee gave the signal to start the match.",
    "thread": "She needed a needle and some red thread.",
    "pipe": "Water leaked from a broken pipe under the sink.",
    "memory": "He had a happy memory of his first school day.",
    "virus": "The flu virus spread quickly through the school.",
}

_POSITIVE = frozenset(
    "excellent great good best easy easier simple helpful useful powerful reliable fast "
    "convenient pleasant recommended benefit benefits improve improved success successful "
    "enjoy happy love".split()
)
_NEGATIVE = frozenset(
    "bad worst poor difficult hard fail fails failed failure broken slow painful annoying "
    "dangerous risky risk problem problems unfortunately error errors bug bugs crash "
    "crashes insecure lose loss".split()
)


def _pick(rng: random.Random, items: list[str], count: int) -> list[str]:
    return rng.sample(items, min(count, len(items)))


def _lead(rng: random.Random) -> str:
    return rng.choice(["According to the passage, ", "In the passage, ", "Based on the text, "])


def wh_question(sentence: str, span: Span, rng: random.Random) -> str | None:
    """A question whose answer is ``span``, made by replacing it with a question phrase.

    A subject span becomes "What ...?"; any other span is asked in place
    ("According to the passage, apt relies on what?"), which is always well formed.

    Example:
        >>> from langchain_taskgen.construct.passage import answer_spans
        >>> s = "Overdue books cost 25 cents a day at the library."
        >>> wh_question(s, answer_spans(s)[0], random.Random(0))
        'In the passage, overdue books cost how many cents a day at the library?'
    """
    if sentence.count(span.text) != 1:
        return None
    # The span must be whole words, in a slot where "what" reads as a question word:
    # sentence start, or after a preposition or verb ("stored in what", "runs what").
    if span.start and sentence[span.start - 1] != " ":
        return None
    if span.end < len(sentence) and sentence[span.end] not in " ,.;)":
        return None
    previous = sentence[: span.start].split()[-1:] or [""]
    if span.start and previous[0].lower().strip(",") not in _QUESTION_SLOTS:
        return None
    # Parentheticals ("(you will have to install ...)") make in-place questions unreadable.
    rest = re.sub(r"\s*\([^()]*\)", "", sentence[span.end :]).rstrip(". ")
    before = re.sub(r"\s*\([^()]*\)", "", sentence[: span.start]).rstrip()
    tokens = span.text.split()
    if span.kind == "number":
        if len(tokens) > 1 and tokens[1].lower() in {"percent", "%"}:
            phrase = "what percentage"
        elif len(tokens) > 1 and tokens[1].isalpha():
            phrase = "how many " + " ".join(tokens[1:])
        else:
            phrase = "what number"
    else:
        phrase = "what"
    if not before:
        if not rest or rest.startswith(","):
            return None
        return f"{phrase[:1].upper()}{phrase[1:]} {rest.lstrip()}?"
    if before.endswith((",", "(")) or before.split()[-1].lower() in {"a", "an", "the"}:
        return None
    rest = rest.strip()
    spaced_rest = rest if rest.startswith((",", ")")) else (" " + rest if rest else "")
    return f"{_lead(rng)}{lower_first(before)} {phrase}{spaced_rest}?"


def _questions(
    index: int, corpus: Corpus, rng: random.Random, n: int
) -> list[tuple[str, Span, str]]:
    """Up to ``n`` (sentence, answer span, question) triples with distinct answers."""
    candidates = list(corpus.spans[index])
    rng.shuffle(candidates)
    out: list[tuple[str, Span, str]] = []
    seen: set[str] = set()
    for sentence, span in candidates:
        if span.text.lower() in seen:
            continue
        question = wh_question(sentence, span, rng)
        if question is None or span.text.lower() in question.lower():
            continue
        seen.add(span.text.lower())
        out.append((sentence, span, question))
        if len(out) == n:
            break
    return out


def _with_passage(passage: str, task_text: str, rng: random.Random) -> str:
    return rng.choice(
        [
            f"{passage}\n\n{task_text}",
            f"Passage: {passage}\n\n{task_text}",
            f"Read the text below.\n\n{passage}\n\n{task_text}",
        ]
    )


def _fixed(inp: str, out: str) -> Callable[[str | None], tuple[str, str]]:
    return lambda _written: (inp, out)


def build_exqa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Question about a span of the passage; the answer is the span."""
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in _questions(index, corpus, rng, n):
        ask = rng.choice(["{q}", "Question: {q}", "{q} Answer with words from the passage."])
        inp = _with_passage(passage, ask.format(q=question), rng)
        drafts.append(
            Draft(
                "exqa",
                {"question": question, "answer": span.text, "sentence": sentence},
                _fixed(inp, span.text),
            )
        )
    return drafts


def build_qa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Question about the passage; the answer is the sentence that holds it."""
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in _questions(index, corpus, rng, n):
        inp = _with_passage(passage, question, rng)
        drafts.append(
            Draft(
                "qa",
                {"question": question, "answer": sentence, "span": span.text},
                _fixed(inp, sentence),
            )
        )
    return drafts


def build_qg(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Ask for a question whose answer is a given span; the output is the question."""
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in _questions(index, corpus, rng, n):
        ask = rng.choice(
            [
                f'Write a question about the passage whose answer is "{span.text}".',
                f'Ask a question that the passage answers with "{span.text}".',
                f'Generate a question for which "{span.text}" is the answer, based on the text.',
            ]
        )
        inp = _with_passage(passage, ask, rng)
        drafts.append(
            Draft(
                "qg",
                {"answer": span.text, "question": question, "sentence": sentence},
                _fixed(inp, question),
            )
        )
    return drafts


def _options(rng: random.Random, answer: str, distractors: list[str], lettered: bool) -> str:
    options = [answer, *distractors]
    rng.shuffle(options)
    if lettered:
        return "\n".join(f"{'ABCDE'[i]}. {o}" for i, o in enumerate(options))
    return "\n".join(f"- {o}" for o in options)


def build_mcqa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Question with the true span and same-kind spans as options.

    One or two options come from other sentences of the same passage where it has
    same-kind spans: with options only from other passages, "pick the option that occurs
    in the passage" answered every item (measured on the eval table), so the pairs taught
    nothing about reading the question.
    """
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in _questions(index, corpus, rng, n):
        answer = span.text.lower()

        def unrelated(text: str, answer: str = answer) -> bool:
            return text.lower() not in answer and answer not in text.lower()

        own = list(
            dict.fromkeys(
                s.text
                for other_sentence, s in corpus.spans[index]
                if s.kind == span.kind
                and other_sentence != sentence
                and s.text.lower() not in sentence.lower()
                and unrelated(s.text)
            )
        )
        pool = [
            s
            for s in corpus.other_spans(index, span.kind)
            if s.lower() not in passage.lower() and unrelated(s)
        ]
        total = rng.choice([2, 3])
        near = _pick(rng, own, min(len(own), rng.choice([1, total - 1])))
        distractors = near + _pick(rng, pool, total - len(near))
        if len(distractors) < 2:
            continue
        options = _options(rng, span.text, distractors, lettered=rng.random() < 0.3)
        ask = rng.choice(["Options:", "Choose one of:", "Pick the right answer:"])
        inp = _with_passage(passage, f"{question}\n{ask}\n{options}", rng)
        drafts.append(
            Draft(
                "mcqa",
                {"question": question, "answer": span.text, "options": "|".join(distractors)},
                _fixed(inp, span.text),
            )
        )
    return drafts


def swap_term(sentence: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """The sentence with one answer span replaced by a same-kind span of another passage."""
    spans = [s for s in answer_spans(sentence) if s.start > 0]
    rng.shuffle(spans)
    for span in spans:
        pool = [
            s
            for s in corpus.other_spans(index, span.kind)
            if s.lower() not in sentence.lower() and s.lower() != span.text.lower()
        ]
        if span.kind == "number":
            # Another number with the same unit reads naturally; keep the unit.
            unit = span.text.split()[1:]
            pool = [s for s in pool if s.split()[1:] == unit]
        if pool:
            return sentence[: span.start] + rng.choice(pool) + sentence[span.end :]
    return None


def build_ynqa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A statement of the passage asked as a question (yes), or one it makes false (no).

    A "no" statement has a number changed or is negated, so the passage refutes it.
    """
    passage = corpus.passages[index]
    # Only declarative "<subject> <aux> ..." statements make clean questions.
    sentences = [
        s for s in corpus.sentences[index] if not has_negation(s) and split_subject(s) is not None
    ]
    rng.shuffle(sentences)
    # Only falsehoods the passage itself refutes: a different number, or "not".
    falsified = {s: swap_number(s, index, corpus, rng) or negate(s) for s in sentences}
    # A "yes" takes a sentence that cannot be made false where it can, keeping the others
    # for "no". Drawing the label per sentence gave 58 yes to 31 no on ten handbook
    # pages; this way, and skipping passages that can only say "yes", 44 to 37.
    sentences.sort(key=lambda s: falsified[s] is not None)
    if not sentences or falsified[sentences[-1]] is None:
        # A passage that can only say "yes" would tilt the set towards it.
        return []
    drafts: list[Draft] = []
    while sentences and len(drafts) < n:
        want_yes = rng.random() < 0.5
        if want_yes:
            statement = sentences.pop(0)
        else:
            usable = [(s, false) for s in sentences if (false := falsified[s]) is not None]
            if not usable:
                break  # a "yes" in its place would tilt the set
            sentence, statement = usable[-1]
            sentences.remove(sentence)
        question = yes_no_question(statement) if rng.random() < 0.6 else None
        if question is None:
            question = f"Is it true that {lower_first(statement.rstrip('.'))}?"
        label = "yes" if want_yes else "no"
        if rng.random() < 0.3:
            label = label.capitalize()
        inp = _with_passage(
            passage, rng.choice(["{q}", "{q} Answer yes or no."]).format(q=question), rng
        )
        drafts.append(
            Draft(
                "ynqa",
                {"question": question, "statement": statement, "label": label.lower()},
                _fixed(inp, label),
            )
        )
    return drafts


def swap_number(sentence: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """The sentence with one number changed (doubled, or plus one): false by the passage."""
    numbers = [s for s in answer_spans(sentence) if s.kind == "number" and s.start > 0]
    if not numbers:
        return None
    span = rng.choice(numbers)
    head, *unit = span.text.split()
    if not head.isdigit():
        return None
    value = int(head)
    other = value * 2 if value > 1 else value + 2
    text = " ".join([str(other), *unit])
    return sentence[: span.start] + text + sentence[span.end :]


# A paraphrase or clause cut from a contrast ("Unlike iptables, nftables has no default
# table") easily states the opposite; such sentences make no premise.
_CONTRAST = re.compile(
    r"\b(unlike|except|instead of|rather than|whereas|in contrast|as opposed to|unless|only if)\b",
    re.IGNORECASE,
)
# A paragraph that opens with a connective or points elsewhere is no stand-alone text.
_LEANS_ON_CONTEXT = re.compile(
    r"^(however|also|then|therefore|thus|moreover|furthermore|finally|in addition|similarly)\b"
    r"|\b(mentioned (before|above|earlier)|previous(ly)?|the following|below|above)\b",
    re.IGNORECASE,
)


def _premise_sentences(index: int, corpus: Corpus, rng: random.Random) -> list[str]:
    sentences = [s for s in corpus.sentences[index] if not _CONTRAST.search(s)]
    rng.shuffle(sentences)
    return sentences


def _related_sentence(index: int, sentence: str, corpus: Corpus) -> str | None:
    """Another sentence of the passage sharing a content word with ``sentence``."""
    mine = content_words(sentence)
    for other in corpus.sentences[index]:
        if other != sentence and mine & content_words(other):
            return other
    return None


def _content_sequence(text: str) -> list[str]:
    """Content words in order: equal for a copy that only drops or swaps small words."""
    keep = content_words(text)
    return [w for w in words(text) if w in keep]


def _terms(text: str) -> set[str]:
    """Paths, dotted/dashed names and mid-sentence capitalised names of a sentence."""
    return {s.text.lower() for s in answer_spans(text) if s.kind in ("term", "name")}


def check_paraphrase(original: str, written: str) -> str:
    """The model's paraphrase, cleaned, or a :class:`TaskParseError` naming the flaw.

    A paraphrase keeps the numbers and the polarity of the original, shares enough of
    its content words to be about the same thing, is not a copy, and is a whole
    sentence of similar length.

    Example:
        >>> check_paraphrase("The library lends ten items per card.",
        ...                  "The library lends each card ten items.")
        'The library lends each card ten items.'
    """
    text = " ".join(written.split()).strip().strip('"')
    if not text:
        raise TaskParseError("empty_output", "the model wrote nothing", written)
    if not text.endswith((".", "!")):
        raise TaskParseError("incomplete_sentence", "the paraphrase is not a whole sentence", text)
    if is_degenerate_text(text):
        raise TaskParseError("repetition", "the paraphrase repeats itself", text)
    a, b = content_words(original), content_words(text)
    if words(original) == words(text) or _content_sequence(original) == _content_sequence(text):
        raise TaskParseError("paraphrase_is_copy", "the paraphrase copies the sentence", text)
    overlap = len(a & b) / max(len(a | b), 1)
    if overlap < 0.45 or len(a & b) < 2:
        raise TaskParseError("paraphrase_off_topic", "the paraphrase says something else", text)
    # Names, paths and commands are facts: a paraphrase may not invent or drop one.
    if _terms(text) != _terms(original):
        raise TaskParseError("paraphrase_changed_terms", "a name, path or command changed", text)
    if len(b - a) > 2 or len(a - b) > max(1, len(a) // 4):
        raise TaskParseError("paraphrase_off_topic", "the paraphrase adds or drops content", text)
    if sorted(_NUMBER_WORDS.findall(original)) != sorted(_NUMBER_WORDS.findall(text)):
        raise TaskParseError("paraphrase_changed_numbers", "the numbers changed", text)
    if has_negation(original) != has_negation(text):
        raise TaskParseError("paraphrase_changed_polarity", "a negation was added or lost", text)
    ratio = len(text.split()) / max(len(original.split()), 1)
    if not 0.5 <= ratio <= 1.8:
        raise TaskParseError("paraphrase_length", "the paraphrase is far shorter or longer", text)
    return text


def _pair_text(rng: random.Random, first: str, second: str, names: tuple[str, str]) -> str:
    return f'{names[0]}: "{first}"\n{names[1]}: "{second}"'


def build_paraphrase(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A real sentence to rewrite; the model writes the paraphrase, which is checked."""
    drafts = []
    for sentence in _premise_sentences(index, corpus, rng)[:n]:
        inp = rng.choice(
            [
                f'Paraphrase the following sentence: "{sentence}"',
                f'Rewrite this sentence in other words, keeping its meaning: "{sentence}"',
                f'Say the same thing differently: "{sentence}"',
            ]
        )

        def render(
            written: str | None, inp: str = inp, sentence: str = sentence
        ) -> tuple[str, str]:
            return inp, check_paraphrase(sentence, written or "")

        drafts.append(Draft("paraphrase", {"sentence": sentence}, render, "paraphrase", sentence))
    return drafts


def build_paraphrase_id(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A sentence with its paraphrase (yes) or with a term swapped / negated (no)."""
    drafts = []
    for sentence in _premise_sentences(index, corpus, rng)[:n]:
        question = rng.choice(
            [
                "Do the two sentences mean the same thing? Answer yes or no.",
                "Is the second sentence a paraphrase of the first? Answer yes or no.",
                "Do these sentences express the same meaning? Answer yes or no.",
            ]
        )
        names = rng.choice([("Sentence 1", "Sentence 2"), ("A", "B")])
        # The model's paraphrase fails its checks about half the time: plan more "yes"
        # drafts so the accepted labels come out near balanced.
        if rng.random() < 0.7:

            def render(
                written: str | None,
                s: str = sentence,
                q: str = question,
                nm: tuple[str, str] = names,
            ) -> tuple[str, str]:
                other = check_paraphrase(s, written or "")
                return f"{_pair_text(rng, s, other, nm)}\n{q}", "yes"

            drafts.append(
                Draft(
                    "paraphrase_id",
                    {"sentence1": sentence, "label": "yes"},
                    render,
                    "paraphrase",
                    sentence,
                )
            )
            continue
        other = swap_term(sentence, index, corpus, rng) or negate(sentence)
        if other is None:
            continue
        inp = f"{_pair_text(rng, sentence, other, names)}\n{question}"
        drafts.append(
            Draft(
                "paraphrase_id",
                {"sentence1": sentence, "sentence2": other, "label": "no"},
                _fixed(inp, "no"),
            )
        )
    return drafts


def _entailment_drafts(
    task: str, index: int, corpus: Corpus, rng: random.Random, n: int
) -> list[Draft]:
    drafts = []
    labels = ["entailment", "contradiction", "neutral"] if task == "nli" else ["yes", "no"]
    question = (
        rng.choice(
            [
                "Does the premise entail, contradict, or neither the hypothesis? "
                "Answer entailment, neutral or contradiction.",
                "What is the relation between the premise and the hypothesis: entailment, "
                "neutral or contradiction?",
            ]
        )
        if task == "nli"
        else rng.choice(
            [
                "Does the premise entail the hypothesis? Answer yes or no.",
                "If the premise is true, must the hypothesis be true? Answer yes or no.",
            ]
        )
    )
    for premise in _premise_sentences(index, corpus, rng)[:n]:
        # Entailed hypotheses are model paraphrases, half of which fail their checks.
        label = rng.choices(labels, weights=[2, 1, 1] if task == "nli" else [2, 1])[0]

        def text(hypothesis: str, premise: str = premise) -> str:
            return f'Premise: "{premise}"\nHypothesis: "{hypothesis}"\n{question}'

        if label in ("entailment", "yes"):

            def render(written: str | None, p: str = premise, lab: str = label) -> tuple[str, str]:
                return text(check_paraphrase(p, written or ""), p), lab

            drafts.append(
                Draft(task, {"premise": premise, "label": label}, render, "paraphrase", premise)
            )
            continue
        if label == "neutral":
            hypothesis = _related_sentence(index, premise, corpus)
        elif label == "contradiction":
            hypothesis = negate(premise)
        else:  # te "no": a negated premise or a statement the premise does not give
            hypothesis = negate(premise) or _related_sentence(index, premise, corpus)
        if hypothesis is None:
            continue
        drafts.append(
            Draft(
                task,
                {"premise": premise, "hypothesis": hypothesis, "label": label},
                _fixed(text(hypothesis), label),
            )
        )
    return drafts


def build_nli(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Premise from the passage; entailed (paraphrase), contradicted (negation) or neutral."""
    return _entailment_drafts("nli", index, corpus, rng, n)


def build_te(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Premise from the passage; entailed paraphrase (yes) or negation / other fact (no)."""
    return _entailment_drafts("te", index, corpus, rng, n)


def build_sent_comp(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The first part of a real sentence; the output is its real ending."""
    drafts = []
    for sentence in _premise_sentences(index, corpus, rng)[:n]:
        tokens = sentence.split()
        cut = max(4, round(len(tokens) * rng.uniform(0.45, 0.65)))
        if len(tokens) - cut < 3:
            continue
        prefix, ending = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        inp = rng.choice(
            [
                f'Complete the sentence: "{prefix} ..."',
                f'Finish this sentence from a technical manual: "{prefix} ..."',
                f'How does this sentence continue? "{prefix} ..."',
            ]
        )
        drafts.append(Draft("sent_comp", {"prefix": prefix, "ending": ending}, _fixed(inp, ending)))
    return drafts


def build_wsd(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A word used in two sentences of the manual (same sense) or in an everyday one (not)."""
    drafts: list[Draft] = []
    sentences = _premise_sentences(index, corpus, rng)
    every = [s for group in corpus.sentences for s in group]
    for sentence in sentences:
        present = [w for w in dict.fromkeys(words(sentence)) if w in OTHER_SENSE]
        if not present:
            continue
        word = rng.choice(present)
        same = [s for s in every if s != sentence and word in words(s)]
        if same and rng.random() < 0.5:
            other, label = rng.choice(same), "yes"
        else:
            other, label = OTHER_SENSE[word], "no"
        first, second = (sentence, other) if rng.random() < 0.5 else (other, sentence)
        inp = f'Sentence 1: "{first}"\nSentence 2: "{second}"\n' + rng.choice(
            [
                f'Does the word "{word}" mean the same thing in both sentences? Answer yes or no.',
                f'Is "{word}" used in the same sense in the two sentences? Answer yes or no.',
            ]
        )
        drafts.append(
            Draft(
                "wsd",
                {"word": word, "sentence1": first, "sentence2": second, "label": label},
                _fixed(inp, label),
            )
        )
        if len(drafts) == n:
            break
    return drafts


_PRONOUN = re.compile(r"^(It|They)\s+(\w+)")


def build_coref(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A sentence opening with "It"/"They" after one whose subject agrees with it."""
    passage = corpus.passages[index]
    sentences = split_sentences(passage)
    drafts = []
    for previous, current in itertools.pairwise(sentences):
        match = _PRONOUN.match(current)
        parts = split_subject(previous)
        if not match or parts is None or not is_good_sentence(previous):
            continue
        subject, aux, _rest = parts
        # "It is ..." / "It was ..." is mostly expletive ("It is the client that ..."):
        # only a pronoun followed by a lexical verb is taken.
        verb = match.group(2).lower()
        # Only a present-tense lexical verb ("It uses", "They provide"): "It is ..." is
        # mostly expletive, and modals ("It may ...") often refer further back.
        if (
            verb in {"is", "was", "are", "were", "has", "does", "seems", "appears"}
            or verb
            in {
                "can",
                "could",
                "may",
                "might",
                "must",
                "should",
                "will",
                "would",
                "also",
            }
            or (match.group(1) == "It" and not verb.endswith("s"))
        ):
            continue
        first = subject.split()[0]
        if first.lower() not in {"the", "a", "an", "each", "every"} and not (
            len(subject.split()) <= 3 and first[:1].isupper() and first.lower() not in STOPWORDS
        ):
            continue
        plural = is_plural_aux(aux)
        if (match.group(1) == "They") != plural or len(subject.split()) > 6:
            continue
        if subject.split()[0].lower() in {"there", "it", "this", "that", "they", "you", "we"}:
            continue
        pronoun = match.group(1)
        inp = _with_passage(
            passage,
            rng.choice(
                [
                    f'In the sentence "{current}", what does "{pronoun}" refer to?',
                    f'Who or what is "{pronoun}" in "{current}"?',
                ]
            ),
            rng,
        )
        drafts.append(
            Draft(
                "coref",
                {"pronoun": pronoun, "sentence": current, "referent": subject},
                _fixed(inp, subject),
            )
        )
        if len(drafts) == n:
            break
    return drafts


def build_sentiment(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The passage's tone from sentiment words: neutral unless clearly positive or negative."""
    passage = corpus.passages[index]
    tokens = words(passage)
    pos = sum(t in _POSITIVE for t in tokens)
    neg = sum(t in _NEGATIVE for t in tokens)
    label = (
        "positive"
        if pos >= 3 and pos >= 3 * max(neg, 1)
        else ("negative" if neg >= 3 and neg >= 3 * max(pos, 1) else "neutral")
    )
    inp = _with_passage(
        passage,
        rng.choice(
            [
                "What is the sentiment of the passage? Options: positive, negative, neutral.",
                "Is the tone of this text positive, negative or neutral?",
            ]
        ),
        rng,
    )
    return [Draft("sentiment", {"label": label}, _fixed(inp, label))][:n]


def check_summary(passage: str, written: str) -> str:
    """The model's summary, cleaned, or a :class:`TaskParseError` naming the flaw."""
    text = " ".join(written.split()).strip()
    if len(text.split()) < 8:
        raise TaskParseError("summary_too_short", "the summary has fewer than 8 words", text)
    if not text.endswith((".", "!")):
        raise TaskParseError("incomplete_sentence", "the summary stops mid-sentence", text)
    if is_degenerate_text(text):
        raise TaskParseError("repetition", "the summary repeats itself", text)
    if len(text.split()) > 0.6 * len(passage.split()):
        raise TaskParseError("summary_too_long", "the summary is not much shorter", text)
    if len(split_sentences(text)) > 1:
        raise TaskParseError("summary_not_one_sentence", "the summary has several sentences", text)
    # Word stems (first five letters) so "removes" matches "removed"; a summary from a
    # small model that needs many words absent from the passage is making things up.
    mine = {w[:5] for w in content_words(text)}
    source = {w[:5] for w in content_words(passage)}
    if not mine or len(mine & source) / len(mine) < 0.85:
        raise TaskParseError(
            "summary_unfaithful", "the summary brings in words not in the passage", text
        )
    if text.lower().rstrip(".") in passage.lower():
        raise TaskParseError("summary_is_copy", "the summary copies one sentence", text)
    return text


def build_summarization(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The passage; the model writes a one-sentence summary, which is checked."""
    passage = corpus.passages[index]
    if len(corpus.sentences[index]) < 2:
        return []
    ask = rng.choice(
        [
            "Summarize the passage in one sentence.",
            "Write a one-sentence summary of this text.",
            "Give the gist of the passage in a single sentence.",
        ]
    )
    inp = _with_passage(passage, ask, rng)

    def render(written: str | None) -> tuple[str, str]:
        return inp, check_summary(passage, written or "")

    return [Draft("summarization", {}, render, "summary", passage)][:n]


def build_text_gen(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """An instruction naming a paragraph's key terms; the output is that real paragraph.

    Only a paragraph of clean prose is used (headings, lists and code are not a text
    worth imitating), and the terms must occur in it.
    """
    best = ""
    for block in re.split(r"\n\s*\n", corpus.passages[index]):
        sentences = split_sentences(block)
        good = [s for s in sentences if is_good_sentence(s)]
        if (
            len(good) >= 2
            and len(good) >= 0.8 * len(sentences)
            and len(block) > len(best)
            and not _LEANS_ON_CONTEXT.search(clean(block))
        ):
            best = clean(block)
    if len(best) < 200:
        return []
    lowered = best.lower()
    # Two-word terms only: single words ("rules and tool") make a vague instruction.
    terms = [t for t in corpus.keyphrases(index, 5) if " " in t and t in lowered][:2]
    if not terms:
        return []
    topic = " and ".join(terms)
    inp = rng.choice(
        [
            f"Write a paragraph for a technical manual that covers {topic}.",
            f"Write a short explanatory text about {topic}.",
            f"Draft a section of documentation mentioning {topic}.",
        ]
    )
    return [Draft("text_gen", {"topic": topic}, _fixed(inp, best))][:n]


def build_topic_class(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The passage's most distinctive term against other passages' terms as options."""
    passage = corpus.passages[index]
    mine = corpus.keyphrases(index, 1)
    others: list[str] = []
    lowered = passage.lower()
    for i in range(len(corpus.passages)):
        if i == index:
            continue
        for phrase in corpus.keyphrases(i, 2):
            if not any(w in lowered for w in phrase.split()) and phrase not in others:
                others.append(phrase)
                break
    if not mine or len(others) < 2:
        return []
    options = _options(rng, mine[0], _pick(rng, others, 3), lettered=False)
    inp = _with_passage(
        passage,
        rng.choice(
            ["Which subject is this passage mainly about?", "What is the topic of the passage?"]
        )
        + f"\nOptions:\n{options}",
        rng,
    )
    return [Draft("topic_class", {"topic": mine[0]}, _fixed(inp, mine[0]))][:n]


BUILDERS: dict[str, Builder] = {
    "exqa": build_exqa,
    "mcqa": build_mcqa,
    "qg": build_qg,
    "qa": build_qa,
    "ynqa": build_ynqa,
    "coref": build_coref,
    "paraphrase": build_paraphrase,
    "paraphrase_id": build_paraphrase_id,
    "sent_comp": build_sent_comp,
    "sentiment": build_sentiment,
    "summarization": build_summarization,
    "text_gen": build_text_gen,
    "topic_class": build_topic_class,
    "wsd": build_wsd,
    "te": build_te,
    "nli": build_nli,
}
"""The builder of each of the 16 task types."""


def register_builder(task_type: str, builder: Builder, *, replace: bool = False) -> None:
    """Teach the structured format to build a (custom) task type.

    ``builder(index, corpus, rng, n)`` returns up to ``n`` :class:`Draft` objects for
    passage ``corpus.passages[index]`` (``corpus.passages`` holds every passage of the
    call; draw randomness from ``rng`` so plans stay reproducible). A draft's ``render``
    turns the model's written part (``None`` for code-only drafts) into
    ``(input, output)`` or raises :class:`~langchain_taskgen.TaskParseError`.

    Raises:
        ValueError: For a built-in type, or one already registered without ``replace``.

    Example:
        >>> from langchain_taskgen.construct.draft import Draft
        >>> def first_sentence(index, corpus, rng, n):
        ...     text = corpus.passages[index].split(". ")[0].strip(" .") + "."
        ...     inp = "Which sentence opens the passage? " + corpus.passages[index]
        ...     return [Draft("opening", {"sentence": text}, lambda _w: (inp, text))][:n]
        >>> register_builder("opening", first_sentence, replace=True)
        >>> del BUILDERS["opening"]
    """
    from langchain_taskgen.tasks import BUILT_IN_TASK_NAMES

    if task_type in BUILT_IN_TASK_NAMES:
        raise ValueError(f"{task_type!r} is built in; its builder cannot be replaced")
    if task_type in BUILDERS and not replace:
        raise ValueError(f"a builder for {task_type!r} exists (pass replace=True)")
    BUILDERS[task_type] = builder
