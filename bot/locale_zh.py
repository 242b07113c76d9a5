"""The Chinese catalog for `bot.language.tr`: English template -> Simplified Chinese.

One flat dict beside the code rather than .po files: the bot writes two languages, and the templates are
the English text itself, so English replies never depend on the catalog. tests/test_chinese_study_replies.py
checks that every `tr("...")` in bot/, adapters/ and ingest/ has an entry with the same placeholders, and that no
entry is left unused. Commands appear as a Chinese reader types them (`复习 揭晓 1`), and punctuation
follows MESSAGES["zh"] in bot/language.py.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # -- the core: files, sources, votes ------------------------------------------------------
    "✗ {name}: {size:.1f} MB is over the {limit:.0f} MB limit.": "✗ {name}:{size:.1f} MB,超过了 {limit:.0f} MB 的上限。",
    "I can't fetch {name} from here.": "我无法从这里获取 {name}。",
    "A vote is `vote up ANSWER_ID` or `vote down ANSWER_ID`.": "投票的写法是 `vote up 回答ID` 或 `vote down 回答ID`。",
    "Nothing is indexed for this team yet. Add material with `add` and a file or link.":
        "这个团队还没有索引任何资料。用 `添加`(`add`)加上文件或链接来添加资料。",
    "{n} sources:": "共 {n} 个资料来源:",
    "• {title} ({kind}, {chunks} chunks){link}": "• {title}({kind},{chunks} 个片段){link}",
    "✓ Added {title} ({chunks} passages). Ask away!": "✓ 已添加 {title}({chunks} 个段落)。尽管提问吧!",
    "✓ Updated {title} ({chunks} passages). Ask away!": "✓ 已更新 {title}({chunks} 个段落)。尽管提问吧!",
    "• {title} is already indexed and unchanged.": "• {title} 已经索引过,内容没有变化。",
    "✗ {name}: {reason}": "✗ {name}:{reason}",
    # -- why a file or link cannot be added (ingest/) -------------------------------------------
    "{what} is empty": "{what} 是空的",
    "{what} contains no text": "{what} 中没有文本",
    "(no extension)": "(无扩展名)",
    "{what}: unsupported file type {suffix}; supported: {supported}": "{what}:不支持的文件类型 {suffix};支持的类型:{supported}",
    "{what} looks like a binary file, not text": "{what} 看起来是二进制文件,不是文本",
    "{what} is not readable text (unknown encoding)": "{what} 不是可读的文本(未知编码)",
    "{what} starts with a {encoding} byte-order mark but is not valid {encoding} text":
        "{what} 以 {encoding} 字节顺序标记开头,但不是有效的 {encoding} 文本",
    "{what} is not a PDF (no PDF header)": "{what} 不是 PDF 文件(没有 PDF 文件头)",
    "{what} is password-protected; export an unprotected copy to add it": "{what} 受密码保护;请导出一份不加密的副本再添加",
    "{what} is a damaged PDF that cannot be read ({error})": "{what} 是损坏的 PDF,无法读取({error})",
    "{what} is encrypted in a way that cannot be read": "{what} 的加密方式无法读取",
    "{what} has no extractable text (a scanned PDF needs OCR first)": "{what} 中没有可提取的文本(扫描版 PDF 需要先做 OCR)",
    "{what}: page {number} holds more than {limit:,} characters of text, more than any printed page; the PDF looks "
    "malformed. {unchanged}":
        "{what}:第 {number} 页的文本超过 {limit:,} 个字符,比任何印刷页面都多;这个 PDF 看起来格式有误。{unchanged}",
    "{what} has no spoken text": "{what} 中没有字幕文字",
    "{what} has no spoken text ({why})": "{what} 中没有字幕文字({why})",
    "; ": ";",
    "{n} cue with a malformed timestamp was left out (first at {where})":
        "已略去 {n} 条时间戳格式错误的字幕,首处在{where}",
    "{n} cues with a malformed timestamp were left out (first at {where})":
        "已略去 {n} 条时间戳格式错误的字幕,首处在{where}",
    "{n} cue with an end before its start was left out (first at {where})":
        "已略去 {n} 条结束时间早于开始时间的字幕,首处在{where}",
    "{n} cues with an end before its start were left out (first at {where})":
        "已略去 {n} 条结束时间早于开始时间的字幕,首处在{where}",
    "line {n}": "第 {n} 行",
    "cue {n}": "第 {n} 条字幕",
    "entry {n}": "第 {n} 项",
    "{what} is not a valid WebVTT file ({error})": "{what} 不是有效的 WebVTT 文件({error})",
    "{what} is not a valid SRT file ({error})": "{what} 不是有效的 SRT 文件({error})",
    "{what} is not valid JSON ({error} at line {line})": "{what} 不是有效的 JSON(第 {line} 行:{error})",
    "{what} is JSON but not a transcript (expected a list of {{text, start, duration}})":
        "{what} 是 JSON,但不是字幕(应为由 {{text, start, duration}} 组成的列表)",
    "{what} has a cue whose start or duration is not a number": "{what} 中有字幕条目的开始时间或时长不是数字",
    "{what} has no chapter lines; write one per line like `0:00 Intro` or `05:48 Pretraining`":
        "{what} 中没有章节行;请每行写一个章节,例如 `0:00 Intro` 或 `05:48 Pretraining`",
    "{what}: chapter “{title}” starts before the one above it; list chapters in order":
        "{what}:章节“{title}”的开始时间早于上一章;请按顺序列出章节",
    "{target} does not exist": "{target} 不存在",
    "{target} cannot be read ({error})": "无法读取 {target}({error})",
    "{target} is a YouTube link to no video or playlist; give a video's or a playlist's link":
        "{target} 是 YouTube 链接,但没有指向任何视频或播放列表;请给出视频或播放列表的链接",
    "indexing failed ({cause}: {error}); any previous version is still searchable":
        "索引失败({cause}: {error});之前的版本仍可搜索",
    # the budget of one source
    "{reason}. {unchanged}": "{reason}。{unchanged}",
    "Nothing was indexed; any earlier version stays searchable.": "没有索引任何内容;之前的版本仍可搜索。",
    "{what} took longer than the {seconds:g}-second limit for one source (STUDYBOT_MAX_SOURCE_SECONDS)":
        "{what} 的处理时间超过了单个资料 {seconds:g} 秒的上限(STUDYBOT_MAX_SOURCE_SECONDS)",
    "{what} is larger than the {mb:g} MB limit for one source (STUDYBOT_MAX_FETCH_BYTES)":
        "{what} 超过了单个资料 {mb:g} MB 的大小上限(STUDYBOT_MAX_FETCH_BYTES)",
    "{what} has {pages:,} pages, more than the {limit:,} allowed for one source (STUDYBOT_MAX_SOURCE_PAGES); split "
    "it, or ask whoever runs studybot to raise the limit":
        "{what} 有 {pages:,} 页,超过了单个资料允许的 {limit:,} 页(STUDYBOT_MAX_SOURCE_PAGES);"
        "请把它拆分开,或请运行 studybot 的人提高上限",
    "{what} has more than {limit:,} cues, the limit for one transcript (STUDYBOT_MAX_SOURCE_CUES)":
        "{what} 的字幕条目超过了 {limit:,} 条,这是单个字幕文件的上限(STUDYBOT_MAX_SOURCE_CUES)",
    "{what} holds more text than {limit:,} passages can take, the limit for one source (STUDYBOT_MAX_SOURCE_CHUNKS); "
    "split it, or ask whoever runs studybot to raise the limit":
        "{what} 的文本超出了 {limit:,} 个段落所能容纳的量,这是单个资料的上限(STUDYBOT_MAX_SOURCE_CHUNKS);"
        "请把它拆分开,或请运行 studybot 的人提高上限",
    "{what} makes {chunks:,} passages, more than the {limit:,} allowed for one source (STUDYBOT_MAX_SOURCE_CHUNKS)":
        "{what} 会生成 {chunks:,} 个段落,超过了单个资料允许的 {limit:,} 个(STUDYBOT_MAX_SOURCE_CHUNKS)",
    "{what} would bring this library to {total:,} passages, over its limit of {limit:,} (STUDYBOT_MAX_TENANT_CHUNKS); "
    "remove sources that are no longer needed, or ask whoever runs studybot to raise the limit":
        "添加 {what} 后,资料库将有 {total:,} 个段落,超过了 {limit:,} 个的上限(STUDYBOT_MAX_TENANT_CHUNKS);"
        "请删除不再需要的资料,或请运行 studybot 的人提高上限",
    # links
    "{url} could not be fetched: HTTP {status} {phrase}": "无法获取 {url}:HTTP {status} {phrase}",
    "{url} could not be fetched ({cause}: {error})": "无法获取 {url}({cause}: {error})",
    "{url} did not answer within {timeout:g} seconds": "{url} 在 {timeout:g} 秒内没有响应",
    "{host} points to a private network address; only public links can be added":
        "{host} 指向私有网络地址;只能添加公开的链接",
    "{host} cannot be resolved ({error})": "无法解析 {host}({error})",
    "{host} has no address": "{host} 没有地址",
    # YouTube
    "YouTube video {video_id}": "YouTube 视频 {video_id}",
    "YouTube playlist {playlist_id}": "YouTube 播放列表 {playlist_id}",
    "download its transcript (.vtt, .srt or .json) and ingest that file instead":
        "下载它的字幕文件(.vtt、.srt 或 .json),改为添加该文件",
    "YouTube is refusing requests from this machine's address (common on cloud hosts); set STUDYBOT_YOUTUBE_PROXY to "
    "a proxy YouTube accepts, or {upload}":
        "YouTube 拒绝了来自本机地址的请求(云主机上很常见);请把 STUDYBOT_YOUTUBE_PROXY 设为 YouTube 接受的代理,或{upload}",
    "{what}: {blocked}": "{what}:{blocked}",
    "{what}: the YouTube proxy (STUDYBOT_YOUTUBE_PROXY) could not be reached ({cause}); check the setting, or {upload}":
        "{what}:无法连接 YouTube 代理 STUDYBOT_YOUTUBE_PROXY({cause});请检查该设置,或{upload}",
    "{what}: YouTube did not answer in time ({cause}); try again later, or {upload}":
        "{what}:YouTube 没有及时响应({cause});请稍后再试,或{upload}",
    "{what}: YouTube cannot be reached from this machine ({cause}); check its network or set STUDYBOT_YOUTUBE_PROXY, "
    "or {upload}": "{what}:本机无法连接 YouTube({cause});请检查本机网络或设置 STUDYBOT_YOUTUBE_PROXY,或{upload}",
    "{what} has no captions on YouTube (they are turned off for this video); {upload}":
        "{what} 在 YouTube 上没有字幕(该视频关闭了字幕);你可以{upload}",
    "{what} has no YouTube captions in the language asked for": "{what} 没有所要求语言的 YouTube 字幕",
    "{what} is age-restricted on YouTube, so its captions cannot be read without signing in; {upload}":
        "{what} 在 YouTube 上有年龄限制,不登录就无法读取字幕;你可以{upload}",
    "{what} is not available on YouTube (removed, or the link is wrong)": "{what} 在 YouTube 上不可用(已被删除,或链接有误)",
    "no reason given": "未说明原因",
    "{what} cannot be played on YouTube ({reason}). It is private: ask its owner for the transcript, or {upload}":
        "{what} 无法在 YouTube 上播放({reason})。它是私有视频:请向所有者索取字幕,或{upload}",
    "{what} cannot be played on YouTube ({reason}). You can {upload}": "{what} 无法在 YouTube 上播放({reason})。你可以{upload}",
    "{what}: YouTube answered with HTTP {status}; try again later, or {upload}":
        "{what}:YouTube 返回了 HTTP {status};请稍后再试,或{upload}",
    "{what}: YouTube answered with an error; try again later, or {upload}": "{what}:YouTube 返回了错误;请稍后再试,或{upload}",
    "{what}: YouTube's answer could not be read (YouTube may have changed; updating studybot may help); {upload}":
        "{what}:无法读取 YouTube 的响应(YouTube 可能有所变动;更新 studybot 也许有用);你可以{upload}",
    "{what}: YouTube refused the captions ({cause}); {upload}": "{what}:YouTube 拒绝提供字幕({cause});你可以{upload}",
    "{what}: YouTube's answer could not be read ({cause})": "{what}:无法读取 YouTube 的响应({cause})",
    "{what} has no captions in “{language}” (it has: {have}); choose one of those with --lang":
        "{what} 没有“{language}”字幕(现有:{have});请用 --lang 选择其中一种",
    "none": "无",
    "{what} was not found (it may be private or deleted)": "找不到 {what}(它可能是私有的或已被删除)",
    "{what}: YouTube answered with HTTP {status}; try again later": "{what}:YouTube 返回了 HTTP {status};请稍后再试",
    "{what}: YouTube's playlist feed could not be read": "{what}:无法读取 YouTube 返回的播放列表",
    "{what} has no public videos": "{what} 中没有公开的视频",
    # -- finding a source ----------------------------------------------------------------------
    "Which source? Give its id or part of its title, for example:": "哪个资料来源?请给出它的 id 或标题的一部分,例如:",
    "“{name}” matches {n} sources. Which one? Use its id or more of its title:":
        "“{name}” 匹配到 {n} 个资料来源。是哪一个?请用它的 id 或更完整的标题:",
    "I can't find a source matching “{name}”.": "找不到与“{name}”匹配的资料来源。",
    "Did you mean:": "你是不是想找:",
    "These are indexed:": "已索引的资料有:",
    "`sources` lists everything.": "`来源` 会列出全部资料。",
    # -- why a reply is built from sentences -------------------------------------------------------
    "No language model is configured, so this is built from sentences of the material.":
        "未配置语言模型,以下内容由资料中的原句组成。",
    "The language model is unavailable right now, so this is built from sentences of the material.":
        "语言模型暂时不可用,以下内容由资料中的原句组成。",
    "The model's version cited nothing, so this is built from sentences of the material instead.":
        "模型的版本没有引用任何来源,因此改由资料中的原句组成。",
    # -- outline, summary, compare, explain ----------------------------------------------------
    "**Outline of {title}** ({about})": "**{title} 的大纲**({about})",
    "Titles and gists are taken from the material (no language model is configured).":
        "标题和要点取自资料原文(未配置语言模型)。",
    "“{title}” has no passages indexed right now. Try adding it again.": "“{title}”目前没有已索引的段落。请重新添加它。",
    "Introduction": "引言",
    "Chapter {n}: {title}": "第 {n} 章:{title}",
    "Section {n}: {title}": "第 {n} 节:{title}",
    "Part {n}: {topic}": "第 {n} 部分:{topic}",
    "Part {n}": "第 {n} 部分",
    "Page {n}": "第 {n} 页",
    "lecture": "讲座",
    "PDF": "PDF",
    "article": "文章",
    "web page": "网页",
    "text": "文本",
    "{n} chapter": "{n} 章",
    "{n} chapters": "{n} 章",
    "{n} section": "{n} 节",
    "{n} sections": "{n} 节",
    "link": "链接",
    "**Summary of {title}** ({about})": "**{title} 的摘要**({about})",
    "**Overview**": "**概览**",
    "**Chapter by chapter**": "**逐章要点**",
    "**Section by section**": "**逐节要点**",
    "**{a} vs {b}**": "**{a} 与 {b} 对比**",
    "**Where the material compares them**": "**资料中直接比较两者的地方**",
    "The material doesn't seem to cover “{a}” or “{b}”, so I can't compare them.":
        "资料中似乎没有涉及“{a}”或“{b}”,所以无法比较它们。",
    "The material covers “{there}” but doesn't seem to mention “{missing}”, so I can't compare them from it. "
    "`explain {there}` shows what it says.":
        "资料涉及“{there}”,但似乎没有提到“{missing}”,所以无法据此比较。`解释 {there}` 可以查看资料怎么说。",
    "Both sides are “{side}”. Give me two different ideas.": "两边都是“{side}”。请给出两个不同的概念。",
    "Give me two short names of ideas to compare.": "请给出两个要比较的概念的简短名称。",
    "Compare what with what?": "比较什么和什么?",
    "For example: `compare SFT vs RLHF` or `compare pretraining and fine-tuning`.":
        "例如:`比较 SFT vs RLHF` 或 `比较 预训练和微调`。",
    "What should I explain? For example: `explain RLHF` or `explain reward model`.":
        "要解释什么?例如:`解释 RLHF` 或 `解释 reward model`。",
    "That's long for a term. Give me a word or a short phrase, or use `ask` for a question.":
        "作为术语这太长了。请给出一个词或短语,提问请用 `提问`(`ask`)。",
    "The material doesn't seem to mention “{term}”. Check the spelling, or ask about it with `ask` and your own "
    "words.": "资料中似乎没有提到“{term}”。请检查拼写,或用 `提问`(`ask`)换种说法来问。",
    "The material names “{term}” without defining it; the closest passages say:":
        "资料提到了“{term}”,但没有给出定义;最接近的段落是:",
    "The material doesn't use the words “{term}”; the closest passages say:":
        "资料中没有出现“{term}”这个说法;最接近的段落是:",
    # -- quiz ----------------------------------------------------------------------------------
    "Fill in the blank: {sentence}": "填空: {sentence}",
    "**Quiz** — from {where}": "**测验** — 出自 {where}",
    "_(The answer to the previous question was: {answer})_": "_(上一题的答案是:{answer})_",
    "There's no open question in this channel. Ask for one with `quiz` or `quiz TOPIC`.":
        "本频道没有待回答的题目。用 `测验` 或 `测验 主题` 来出一道题。",
    "**Q:** {question}": "**问:** {question}",
    "**A:** {answer} [1]": "**答:** {answer} [1]",
    "✓ Right! The answer is **{answer}** [1].": "✓ 答对了!答案是 **{answer}** [1]。",
    "✗ Not quite (you said “{guess}”). The answer is **{answer}** [1].":
        "✗ 不太对(你的回答是“{guess}”)。答案是 **{answer}** [1]。",
    "You said: “{guess}”. The material's answer: **{answer}** [1]": "你的回答:“{guess}”。资料中的答案:**{answer}** [1]",
    "It's in {title}, {where}: “{quote}”": "出处:{title},{where}:“{quote}”",
    "Nothing is indexed for this team yet, so I have nothing to quiz you on.": "这个团队还没有索引任何资料,所以我没有题目可以考你。",
    "I've run out of fresh questions for this channel for now. Try `quiz TOPIC` for a topic.":
        "本频道暂时没有新题目了。试试 `测验 主题`,就某个主题出题。",
    "The material doesn't seem to cover “{topic}”, so I can't quiz you on it.": "资料中似乎没有涉及“{topic}”,所以无法就它出题。",
    "I couldn't make a good question about “{topic}”. Try a broader topic.": "我没能就“{topic}”出一道好题。试试更宽泛的主题。",
    # -- flashcards ----------------------------------------------------------------------------
    "Flashcards on what? Name a source or a topic, for example `flashcards tokenization` or `flashcards lecture`.":
        "要做哪方面的闪卡?请说出一个资料来源或主题,例如 `闪卡 tokenization` 或 `闪卡 lecture`。",
    "Nothing is indexed for this team yet, so there are no flashcards. Add material first.":
        "这个团队还没有索引任何资料,所以没有闪卡。请先添加资料。",
    "No new cards on {about}: you have them all in your reviews already, or you marked the topic as known "
    "(`known` lists what you skip). `review` shows what is due.":
        "{about} 没有新卡片了:它们都已在你的复习中,或者你已把这个主题标为已掌握(`已掌握` 会列出你跳过的主题)。`复习` 查看到期的卡片。",
    "🃏 **Flashcards on {about}** · {n} card": "🃏 **{about} 的闪卡** · {n} 张",
    "🃏 **Flashcards on {about}** · {n} cards": "🃏 **{about} 的闪卡** · {n} 张",
    "The material doesn't seem to cover “{topic}”, so I have no cards on it.": "资料中似乎没有涉及“{topic}”,所以没有相关卡片。",
    "How did you do? Rate it for your own reviews: again, good or easy (knew it).":
        "你答得怎么样?给自己的复习评个分:again(重来)、good(不错)或 easy(早就会了)。",
    "Knew it cold? ★ Easy shows it less often.": "早就滚瓜烂熟?★ 简单 会让它少出现一些。",
    "Saved to your reviews: {when}": "已加入你的复习:{when}",
    # -- reviews -------------------------------------------------------------------------------
    "Your own reviews, on a spaced-repetition schedule (what you miss comes back sooner):\n"
    "• `review` shows the cards due today · `review reveal 1` · `review answer 1 YOUR GUESS` · `review good 1` "
    "(again, good, easy)\n"
    "• `review on 08:30 Europe/Berlin` sends them to you privately each day · `review pause 7d` · `review resume` · "
    "`review off`\n"
    "• `known TOPIC` skips a topic you know · `progress` shows how you are doing":
        "你自己的复习,按间隔重复安排(答错的回来得更快):\n"
        "• `复习`(`review`)显示今天到期的卡片 · `复习 揭晓 1` · `复习 回答 1 你的答案` · `复习 good 1`"
        "(again、good、easy)\n"
        "• `复习 开启 08:30 Europe/Berlin` 每天私信发给你 · `复习 暂停 7d` · `复习 恢复` · `复习 关闭`\n"
        "• `已掌握 主题` 跳过你已掌握的主题 · `进度` 查看你的学习情况",
    "Try `review pause 7d` or `review pause 2w`; `review resume` ends a pause.":
        "试试 `复习 暂停 7d` 或 `复习 暂停 2w`;`复习 恢复` 结束暂停。",
    "(nothing)": "(空)",
    "“{text}” isn't a length of time I understand.": "我看不懂“{text}”这个时长。",
    "A pause runs from 1 day to a year.": "暂停时长可以是 1 天到 1 年。",
    "Nothing to review right now: no card is due and today's new ones are done. Answer a `quiz` or try "
    "`flashcards TOPIC` to add cards.":
        "现在没有要复习的:没有到期的卡片,今天的新卡也都做完了。回答一道 `测验`,或试试 `闪卡 主题` 来添加卡片。",
    "`review on` sends you your reviews privately each day.": "`复习 开启` 会每天私信把复习发给你。",
    "Which card? For example `review {word} 1`.": "哪张卡片?例如 `复习 {word} 1`。",
    "You don't get daily reviews, so there's nothing to stop. `review on` starts them.":
        "你没有开启每日复习,所以没有什么可停止的。`复习 开启` 可以开启。",
    "Stopped your daily reviews. Your cards and their schedule are kept; `review` still works.":
        "已停止你的每日复习。你的卡片和复习计划都会保留;`复习` 仍然可用。",
    "You don't get daily reviews yet. `review on` starts them.": "你还没有开启每日复习。`复习 开启` 可以开启。",
    "Welcome back: your reviews come again {schedule}.": "欢迎回来:你的复习将再次于{schedule}发送。",
    "I don't know `review {word}`.": "我不认识 `复习 {word}`。",
    "`review on` takes a time and a time zone, for example `review on 08:30 Europe/Berlin`.":
        "`复习 开启` 需要一个时间和一个时区,例如 `复习 开启 08:30 Europe/Berlin`。",
    "Updated: your reviews come privately {schedule}, next {when}: cards due first, at most {n} a day. "
    "`review pause 7d` pauses them, `review off` stops.":
        "已更新:你的复习将于{schedule}私信发给你,下一次在 {when}:先发到期的卡片,每天最多 {n} 张。"
        "`复习 暂停 7d` 暂停,`复习 关闭` 停止。",
    "Done: your reviews come privately {schedule}, next {when}: cards due first, at most {n} a day. "
    "`review pause 7d` pauses them, `review off` stops.":
        "好了:你的复习将于{schedule}私信发给你,下一次在 {when}:先发到期的卡片,每天最多 {n} 张。"
        "`复习 暂停 7d` 暂停,`复习 关闭` 停止。",
    "You don't get daily reviews, so there's nothing to pause. `review on` starts them.":
        "你没有开启每日复习,所以没有什么可暂停的。`复习 开启` 可以开启。",
    "Pause ended: your reviews come again tomorrow.": "暂停已结束:明天起你的复习会照常发送。",
    "Paused your daily reviews until {day}. Your cards wait for you; `review resume` ends the pause sooner.":
        "已暂停你的每日复习,直到 {day}。你的卡片会等着你;`复习 恢复` 可以提前结束暂停。",
    "↺ Again": "↺ 重来",
    "Hard": "困难",
    "✓ Good": "✓ 不错",
    "★ Easy (you knew it)": "★ 简单(你早就会了)",
    "There's no card {n} in your latest list. `review` shows your cards, numbered.":
        "你最近的列表里没有第 {n} 张卡片。`复习` 会列出你的卡片并编号。",
    "I can't find that card any more. `review` shows your cards, numbered.": "找不到那张卡片了。`复习` 会列出你的卡片并编号。",
    "How did you do? Rate it with a button, or `review again|good|easy {ref}`.":
        "你答得怎么样?用按钮评分,或输入 `复习 again|good|easy {ref}`。",
    "**Answer:** {answer} [1]": "**答案:** {answer} [1]",
    "{rating}: {answer}. {when}": "{rating}:{answer}。{when}",
    "Give the card's number and your guess, for example `review answer 1 byte pair encoding`.":
        "请给出卡片编号和你的答案,例如 `复习 回答 1 byte pair encoding`。",
    "Compare with your answer, then rate it with a button or `review again|good|easy {ref}`.":
        "和你的答案对照一下,然后用按钮评分,或输入 `复习 again|good|easy {ref}`。",
    "It comes back tomorrow.": "它明天会再出现。",
    "Next review in {n} days ({date}).": "{n} 天后再复习({date})。",
    # -- known topics --------------------------------------------------------------------------
    "You haven't marked any topic as known. `known tokenization` skips that topic in your own reviews and "
    "flashcards.": "你还没有把任何主题标为已掌握。`已掌握 tokenization` 会在你自己的复习和闪卡中跳过这个主题。",
    "Your reviews and flashcards skip: {topics}. `known rm TOPIC` brings one back.":
        "你的复习和闪卡会跳过:{topics}。`已掌握 删除 主题` 可以恢复其中一个。",
    "Which topic? For example `known rm tokenization`.": "哪个主题?例如 `已掌握 删除 tokenization`。",
    "“{topic}” isn't among your known topics. `known` lists them.": "“{topic}”不在你已掌握的主题中。`已掌握` 会列出它们。",
    "“{topic}” is back in your reviews.": "“{topic}”已回到你的复习中。",
    "A topic is a few words from the material, such as `known tokenization` (at most {n} characters).":
        "主题是资料中的几个词,例如 `已掌握 tokenization`(最多 {n} 个字符)。",
    "You already skip {n} topics. `known rm TOPIC` frees one.": "你已经跳过了 {n} 个主题。`已掌握 删除 主题` 可以腾出一个位置。",
    "Nothing in the material is about “{topic}” as far as I can tell, so there is nothing to skip. "
    "`digest units` lists the course's topics.":
        "据我所知,资料中没有关于“{topic}”的内容,所以没有什么可跳过的。`日报 单元` 会列出课程的主题。",
    " (units {numbers})": "(第 {numbers} 单元)",
    "Noted: you know “{topic}”. Your reviews and flashcards skip it{where}. The channel's digest is shared, so it "
    "still comes; `digest known N` skips a unit for everyone.":
        "记下了:你已掌握“{topic}”。你的复习和闪卡会跳过它{where}。本频道的日报是大家共享的,所以照常发送;"
        "`日报 已掌握 N` 会为所有人跳过一个单元。",
    # -- progress and the weekly summary -------------------------------------------------------
    "`progress weekly on` posts a team summary here each Monday at 09:00 (or `progress weekly on fri 16:00 "
    "Europe/Berlin`); `progress weekly names on` lets it name the most active; `progress weekly off`.":
        "`进度 每周 开启` 会在每周一 09:00 在这里发布团队总结(或 `进度 每周 开启 fri 16:00 Europe/Berlin`);"
        "`进度 每周 names 开启` 让它点名最活跃的人;`进度 每周 关闭` 停止。",
    "`progress` takes no words but `weekly`.": "`进度` 后面只能跟 `每周`(`weekly`)。",
    "📈 **Your progress**": "📈 **你的进度**",
    "• Cards: {cards} in your reviews, {due} due now.": "• 卡片:你的复习中有 {cards} 张,现在到期 {due} 张。",
    "• Retention estimate: {share:.0%} of your cards you would recall today.": "• 记忆率估计:今天你能记起 {share:.0%} 的卡片。",
    "• Streak: {n} day · {reviews} reviews, {share:.0%} remembered.": "• 连续学习:{n} 天 · 复习 {reviews} 次,记住了 {share:.0%}。",
    "• Streak: {n} days · {reviews} reviews, {share:.0%} remembered.": "• 连续学习:{n} 天 · 复习 {reviews} 次,记住了 {share:.0%}。",
    "• Streak: {n} days.": "• 连续学习:{n} 天。",
    "• No cards yet: answer a `quiz`, or try `flashcards TOPIC`, and rate what you see.":
        "• 还没有卡片:回答一道 `测验`,或试试 `闪卡 主题`,并给看到的卡片评分。",
    "• Daily reviews: off. `review on` sends them to you privately each day.": "• 每日复习:未开启。`复习 开启` 会每天私信发给你。",
    "• Daily reviews: paused until {day} (`review resume`).": "• 每日复习:暂停至 {day}(`复习 恢复`)。",
    "• Daily reviews: {schedule}.": "• 每日复习:{schedule}。",
    "• The course: nothing is indexed yet.": "• 课程:还没有索引任何资料。",
    "next is unit {n}, {label}": "下一个是第 {n} 单元,{label}",
    "every unit is done or known": "所有单元都已学完或已掌握",
    " (no daily digest here: `digest subscribe 09:00`)": "(本频道没有每日摘要:`日报 订阅 09:00`)",
    "• This channel's course: {done} of {total} units done, {known} known; {where}{digest}.":
        "• 本频道的课程:{total} 个单元已完成 {done} 个,已掌握 {known} 个;{where}{digest}。",
    "This channel's weekly team summary is off.": "本频道的每周团队总结未开启。",
    "This channel's weekly team summary is on, {schedule}, naming the most active.":
        "本频道的每周团队总结已开启,{schedule},会点名最活跃的人。",
    "This channel's weekly team summary is on, {schedule}.": "本频道的每周团队总结已开启,{schedule}。",
    "Stopped the weekly team summary.": "已停止每周团队总结。",
    "There's no weekly summary here.": "这里没有每周总结。",
    "Turn the weekly summary on first, then `progress weekly names on` (or `off`).":
        "请先开启每周总结,再用 `进度 每周 names 开启`(或 `关闭`)。",
    "Say `progress weekly names on` or `progress weekly names off`.": "请用 `进度 每周 names 开启` 或 `进度 每周 names 关闭`。",
    "The weekly summary now names the three most active people.": "每周总结现在会点名最活跃的三个人。",
    "The weekly summary names nobody again: only team totals.": "每周总结不再点名任何人:只显示团队总数。",
    "I don't know `progress weekly {word}`.": "我不认识 `进度 每周 {word}`。",
    "The weekly summary comes on one day; name it, for example `progress weekly on fri`.":
        "每周总结只在一天发送;请指定是哪天,例如 `进度 每周 开启 fri`。",
    "The weekly team summary comes here {schedule}, next {when}: reviews, how many were remembered and where the "
    "course is. It names nobody unless you say `progress weekly names on`.":
        "每周团队总结将于{schedule}在这里发布,下一次在 {when}:复习次数、记住了多少,以及课程进度。"
        "除非你用 `进度 每周 names 开启`,否则它不会点名任何人。",
    "📊 **This week's study here** ({first_day} {first_month} – {last_day} {last_month})":
        "📊 **本频道本周的学习**({first_month}{first_day}日 – {last_month}{last_day}日)",
    "• {people} person reviewed {reviews} cards; {share:.0%} were remembered.":
        "• {people} 人复习了 {reviews} 张卡片;记住了 {share:.0%}。",
    "• {people} people reviewed {reviews} cards; {share:.0%} were remembered.":
        "• {people} 人复习了 {reviews} 张卡片;记住了 {share:.0%}。",
    "• No cards were reviewed this week. `review` shows yours; `review on` brings them daily.":
        "• 本周没有人复习卡片。`复习` 查看你的卡片;`复习 开启` 每天发给你。",
    "• Most reviews: {people}": "• 复习最多:{people}",
    "Your own numbers: `progress`.": "你自己的数据:`进度`。",
    "• The course: {done} of {total} units done, {known} known.": "• 课程:{total} 个单元已完成 {done} 个,已掌握 {known} 个。",
    # -- notes ---------------------------------------------------------------------------------
    "Notes for this channel:\n• `note add TEXT` (or just `note TEXT`) keeps a note\n• `note list` shows the latest\n"
    "• `note search QUERY` finds notes by meaning\n• `note save ANSWER_ID` keeps one of my answers (the id is under "
    "the answer)\n• `note rm ID` removes a note\n`ask` also looks through the notes and cites them.":
        "本频道的笔记(`笔记`/`note`):\n• `笔记 添加 内容`(或直接 `笔记 内容`)记一条笔记\n• `笔记 列表` 显示最新的笔记\n"
        "• `笔记 搜索 关键词` 按意思查找笔记\n• `笔记 保存 回答ID` 保存我的一条回答(id 在回答下方)\n• `笔记 删除 ID` 删除一条笔记\n"
        "`提问` 也会查找笔记并引用它们。",
    "Saved answer #{id}": "已保存的回答 #{id}",
    "Team note #{id}": "团队笔记 #{id}",
    "note, {date}": "笔记,{date}",
    "#{id} ({date}, saved answer) Q: {question} A: {answer}": "#{id}({date},已保存的回答)问:{question} 答:{answer}",
    "Saved note #{id}. `note list` shows the channel's notes.": "已保存笔记 #{id}。`笔记 列表` 显示本频道的笔记。",
    "There's no note #{id} in this channel. `note list` shows them.": "本频道没有笔记 #{id}。`笔记 列表` 会列出所有笔记。",
    "Removed note #{id}.": "已删除笔记 #{id}。",
    "Saved note #{id}. (`note search WORDS` searches the notes instead.)": "已保存笔记 #{id}。(要搜索笔记,请用 `笔记 搜索 关键词`。)",
    "No notes in this channel yet. Add one with `note add TEXT`.": "本频道还没有笔记。用 `笔记 添加 内容` 添加一条。",
    "{n} notes, the latest {shown}:": "共 {n} 条笔记,最新的 {shown} 条:",
    "{n} notes:": "共 {n} 条笔记:",
    "What should I look for? For example: `note search reward hacking`.": "要找什么?例如:`笔记 搜索 reward hacking`。",
    "No note in this channel matches “{query}”.": "本频道没有与“{query}”相符的笔记。",
    "Notes matching “{query}”:": "与“{query}”相符的笔记:",
    "Which answer? `note save ANSWER_ID`, with the id shown under the answer.": "哪条回答?用 `笔记 保存 回答ID`,id 显示在回答下方。",
    "I can't find an answer with the id `{id}` (answers are kept for a limited time).":
        "找不到 id 为 `{id}` 的回答(回答只保留一段时间)。",
    "Saved the answer to “{question}” as note #{id}.": "已把“{question}”的回答保存为笔记 #{id}。",
    "Which note? Give its number, for example `note rm 3`.": "哪条笔记?请给出编号,例如 `笔记 删除 3`。",
    "What should the note say? For example: `note add RLHF stops early because of reward hacking`.":
        "笔记要写什么?例如:`笔记 添加 RLHF 会因为奖励破解而提前停止`。",
    "That note is {length:,} characters long; notes hold up to {limit:,}.": "这条笔记有 {length:,} 个字符;笔记最多 {limit:,} 个字符。",
    "This channel already has {n:,} notes. Remove some with `note rm ID` first.":
        "本频道已有 {n:,} 条笔记。请先用 `笔记 删除 ID` 删掉一些。",
    # -- the digest ----------------------------------------------------------------------------
    "Daily digest for this channel: each day the next unit of the course, with its gist, key terms and a quiz "
    "question.\n• `digest subscribe 09:00 Asia/Shanghai mon-fri` (time zone, days and a source are optional)\n"
    "• `digest status` · `digest preview` · `digest units`\n• `digest known 3` or `digest known 2-5,8` skips units "
    "you know; `digest unknown 3` brings one back; `digest skip` skips the next\n• `digest reset` starts over · "
    "`digest unsubscribe` stops":
        "本频道的每日学习摘要(`日报`/`digest`):每天发送课程的下一个单元,附要点、关键术语和一道测验题。\n"
        "• `日报 订阅 09:00 Asia/Shanghai mon-fri`(时区、日期和资料来源都可省略)\n"
        "• `日报 状态` · `日报 预览` · `日报 单元`\n"
        "• `日报 已掌握 3` 或 `日报 已掌握 2-5,8` 跳过你已掌握的单元;`日报 未掌握 3` 恢复一个;`日报 跳过` 跳过下一个\n"
        "• `日报 重置` 从头开始 · `日报 退订` 停止",
    "I don't know `digest {word}`.": "我不认识 `日报 {word}`。",
    "When should the digest come? For example: `digest subscribe 09:00 Asia/Shanghai mon-fri`.":
        "摘要什么时候发送?例如:`日报 订阅 09:00 Asia/Shanghai mon-fri`。",
    "Updated": "更新",
    "Subscribed": "订阅",
    "This channel has no daily digest, so there is nothing to stop.": "本频道没有每日摘要,所以没有什么可停止的。",
    "Stopped this channel's daily digest. Its progress is kept in case you subscribe again.":
        "已停止本频道的每日摘要。学习进度会保留,以便你再次订阅。",
    "Daily digest: {schedule}; next post {when}.": "每日摘要:{schedule};下一份在 {when}。",
    "This channel has no daily digest. Start one with `digest subscribe 09:00 Europe/Berlin mon-fri`.":
        "本频道没有每日摘要。用 `日报 订阅 09:00 Europe/Berlin mon-fri` 开启。",
    "Progress: {done} of {total} units done ({known} marked known).": "进度:{total} 个单元已完成 {done} 个(已掌握 {known} 个)。",
    "Next unit: {n}. {label}": "下一单元:{n}. {label}",
    "Every unit is done or known.": "所有单元都已学完或已掌握。",
    "Nothing is indexed yet.": "还没有索引任何资料。",
    "Nothing is indexed yet, so the course has no units.": "还没有索引任何资料,所以课程没有单元。",
    "The course: {total} units, {done} done. ✓ done · ◦ known · → next":
        "课程:共 {total} 个单元,已完成 {done} 个。✓ 已完成 · ◦ 已掌握 · → 下一个",
    "… and {n} more.": "……还有 {n} 个。",
    "Every unit is done or known; `digest reset` starts again.": "所有单元都已学完或已掌握;`日报 重置` 可以从头开始。",
    "Nothing is indexed yet, so there is no digest to preview.": "还没有索引任何资料,所以没有可预览的摘要。",
    "Next up: {n}. {label}.": "接下来:{n}. {label}。",
    "That was the last unit.": "这已经是最后一个单元。",
    "Marked as known, so the digest skips it: {names}.": "已标为已掌握,摘要会跳过它:{names}。",
    "Marked as known, so the digest skips them: {names}.": "已标为已掌握,摘要会跳过它们:{names}。",
    "Unit {numbers} back in the queue.": "第 {numbers} 单元已重新排入队列。",
    "Units {numbers} back in the queue.": "第 {numbers} 单元已重新排入队列。",
    "There's nothing left to skip: every unit is done or known.": "没有可跳过的了:所有单元都已学完或已掌握。",
    "Progress cleared: the digest starts again from unit 1.": "进度已清空:摘要将从第 1 单元重新开始。",
    "Which units? For example `digest {verb} 3` or `digest {verb} 2-5,8`; `digest units` lists them.":
        "哪些单元?例如 `日报 {verb} 3` 或 `日报 {verb} 2-5,8`;`日报 单元` 会列出它们。",
    "The course has units 1 to {total}; there is no unit {n}. `digest units` lists them.":
        "课程的单元是第 1 到第 {total} 个;没有第 {n} 单元。`日报 单元` 会列出它们。",
    "No unit is called anything like “{spec}”. `digest units` lists them.": "没有哪个单元的名称与“{spec}”相近。`日报 单元` 会列出它们。",
    # -- times and days ------------------------------------------------------------------------
    "Use a time like 09:00, 18:30 or 9am.": "请用 09:00、18:30 或 9am 这样的时间。",
    "“{text}” isn't a time I understand.": "我看不懂“{text}”这个时间。",
    "“{text}” isn't a valid time: with am/pm the hour runs from 1 to 12.": "“{text}”不是有效的时间:用 am/pm 时,小时应为 1 到 12。",
    "“{text}” isn't a valid time: hours run 00–23 and minutes 00–59.": "“{text}”不是有效的时间:小时应为 00–23,分钟应为 00–59。",
    "Did you mean {zones}?": "你是不是指 {zones}?",
    "I don't know the time zone “{name}”.": "我不认识时区“{name}”。",
    "Use a name like Europe/Berlin, America/New_York or Asia/Shanghai.":
        "请用 Europe/Berlin、America/New_York 或 Asia/Shanghai 这样的名称。",
    "Use day names and ranges such as mon-fri, tue,thu, weekends or daily.":
        "请用 mon-fri、tue,thu、weekends 或 daily 这样的星期名称或范围。",
    "“{text}” aren't weekdays I understand.": "我看不懂“{text}”表示星期几。",
    "Mon": "周一", "Tue": "周二", "Wed": "周三", "Thu": "周四", "Fri": "周五", "Sat": "周六", "Sun": "周日",
    "Jan": "1月", "Feb": "2月", "Mar": "3月", "Apr": "4月", "May": "5月", "Jun": "6月", "Jul": "7月", "Aug": "8月",
    "Sep": "9月", "Oct": "10月", "Nov": "11月", "Dec": "12月",
    "{weekday} {day} {month}": "{month}{day}日({weekday})",
    "{weekday} {day:02d} {month}": "{month}{day}日({weekday})",
    "every day": "每天",
    "Mon–Fri": "周一至周五",
    "Sat–Sun": "周六和周日",
    ", ": "、",
    " ": "",  # between sentences: none after a Chinese full stop (bot.language.sentences)
    "{days} at {time} ({zone})": "{days} {time}({zone})",
    "{date}, {time} {zone}": "{date} {time} {zone}",
    # -- Slack ---------------------------------------------------------------------------------
    "{who} asked about this message": "{who} 就这条消息提问",
    "{who} used `/study {command}`": "{who} 使用了 `/study {command}`",
    "{who} asked:": "{who} 问:",
    "{who} asked": "{who} 提问",
    "Looking through the material…": "正在查阅资料……",
    "writing…": "正在撰写……",
    "Adding it to the material…": "正在添加到资料中……",
    "Only you can see this answer: invite me to the channel (`/invite @studybot`) to answer for everyone.":
        "只有你能看到这条回答:把我邀请进频道(`/invite @studybot`),我就能回答给所有人看。",
    "👀 Reveal": "👀 揭晓",
    "★ Easy (knew it)": "★ 简单(早就会了)",
    "Slack sent no link to this file": "Slack 没有提供这个文件的链接",
    "Slack would not describe the file ({error})": "Slack 无法提供这个文件的信息({error})",
    "larger than the {limit} MB limit": "超过了 {limit} MB 的上限",
    "not a Slack file link": "不是 Slack 的文件链接",
    "Slack refused the download (HTTP {status})": "Slack 拒绝了下载(HTTP {status})",
    "Slack sent a sign-in page instead of the file; the app needs the files:read scope":
        "Slack 返回了登录页面而不是文件;应用需要 files:read 权限",
    "the download failed ({error})": "下载失败({error})",
    # -- Discord -------------------------------------------------------------------------------
    "I answer inside a server, where your team's material lives: ask me in one of its channels.":
        "我只在服务器里回答,那里有你们团队的资料:请在服务器的某个频道里问我。",
    "I could not download it from Discord. Please try again.": "我无法从 Discord 下载它。请再试一次。",
    "{who} asked: {question}": "{who} 问:{question}",
    "{who} asked about {message}": "{who} 就 {message} 提问",
    "Answered in {thread}.": "已在 {thread} 中回答。",
    "… and {n} more": "……还有 {n} 条",
    "Reveal": "揭晓",
    "Again": "重来",
    "Good": "不错",
    "Easy (knew it)": "简单(早就会了)",
}
