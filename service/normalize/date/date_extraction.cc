#include "normalize/date/date_extraction.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "normalize/date/atoms.h"
#include "normalize/date/lexicon.h"
#include "normalize/date/rule_env.h"
#include "normalize/date/sense.h"
#include "normalize/date/tokens.h"

namespace timeline::normalize {
namespace {

using date_internal::Atom;
using date_internal::FindPhrase;
using date_internal::ParseTokenizedDateExpression;
using date_internal::Sense;
using date_internal::ToAtoms;
using date_internal::Token;
using date_internal::Tokenize;
using date_internal::TokenKind;

// A date expression is a few words; longer windows are not tried.
constexpr size_t kMaxWindowPieces = 12;
// A window is read in a few microseconds: asking the caller's stop this often costs nothing and
// answers within a millisecond or so.
constexpr size_t kReadsBetweenStopChecks = 32;

// What a piece of a window can do for it.
enum class Role {
  kNone,      // may sit inside a date expression
  kNamesDay,  // names a date on its own: a month, a weekday, "today", a numeric date with a year
  kUnitOnly,  // a unit or period ("week", "quarter"): a date only with other words
};

// One or more tokens read as one meaning: a lexicon phrase, a number or a sign.
struct Piece {
  size_t first_token = 0;
  size_t end_token = 0;  // one past the last
  Sense sense = Sense::kUnknown;
  Role role = Role::kNone;
  bool short_number = false;  // a number of fewer than four digits
  bool comma = false;
  bool sign = false;       // punctuation
  bool between = false;    // "between", "entre", "بين": an "and" after it joins a range's ends
  bool after_and = false;  // an Arabic word with the prefix "و" (and): "واليوم"
};

Role RoleOf(Sense sense) {
  switch (sense) {
    case Sense::kMonth:
    case Sense::kHijriMonth:
    case Sense::kWeekday:
    case Sense::kRelativeDay:
    case Sense::kLastNight:
    case Sense::kSeason:
    case Sense::kDecadeName:
    case Sense::kWeekend:
      return Role::kNamesDay;
    case Sense::kUnit:
    case Sense::kPeriodOfYear:
    case Sense::kCentury:
    case Sense::kDecades:
      return Role::kUnitOnly;
    default:
      return Role::kNone;
  }
}

// Words that place a unit in time: "last week", "3 days ago", "the week after next", "Q3 2016".
// Without one, a unit is only a unit ("week after week").
bool PlacesAUnit(const Piece& p) {
  switch (p.sense) {
    case Sense::kNumber:
    case Sense::kNumberWord:
    case Sense::kOrdinalWord:
    case Sense::kLast:
    case Sense::kBeforeLast:
    case Sense::kNext:
    case Sense::kAfterNext:
    case Sense::kThis:
    case Sense::kAgo:
    case Sense::kAgoPrefix:
    case Sense::kBeforeOrAgo:
    case Sense::kSinceOrAgo:
      return true;
    default:
      return false;
  }
}

// Signs that stand inside dates: "17/09/2024", "15-17", "September 17, 2024", "10:30", "a.m.".
bool IsDateSign(const std::string& sign) {
  return sign == "/" || sign == "-" || sign == "," || sign == ":" || sign == "." || sign == "'";
}

// "17/09/2024", "2024-09-17", "09/2024" start at tokens[i]: digits with a year, not a ratio.
bool StartsNumericDateWithYear(const std::vector<Token>& tokens, size_t i) {
  const size_t end = std::min(tokens.size(), i + 5);
  const std::vector<Atom> atoms =
      ToAtoms(std::vector<Token>(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                                 tokens.begin() + static_cast<std::ptrdiff_t>(end)));
  if (atoms.empty() || atoms.front().sense != Sense::kNumericDate) return false;
  const std::vector<date_internal::NumberField>& fields = atoms.front().fields;
  return fields.size() == 3 ||
         std::any_of(fields.begin(), fields.end(), [](const auto& f) { return f.digits == 4; });
}

// The letters the normalizer reads beside numbers (reading.cc): "Q3", "T2", "H1", "S1" (a
// quarter or half), and the "s" of "the 70s", "1990s".
bool IsPeriodLetter(const std::vector<Token>& tokens, size_t i) {
  const std::string& w = tokens[i].text;
  return (w == "q" || w == "t" || w == "h" || w == "s") && i + 1 < tokens.size() &&
         tokens[i + 1].kind == TokenKind::kNumber && !tokens[i + 1].spaced &&
         tokens[i + 1].text.size() == 1;
}

bool IsDecadeSuffix(const std::vector<Token>& tokens, size_t i) {
  return tokens[i].text == "s" && !tokens[i].spaced && i > 0 &&
         tokens[i - 1].kind == TokenKind::kNumber &&
         (tokens[i - 1].text.size() == 2 || tokens[i - 1].text.size() == 4);
}

bool IsBetween(const std::string& folded_word) {
  return folded_word == "between" || folded_word == "entre" || folded_word == "بين";
}

bool LineBreakBetween(std::string_view text, const Token& before, const Token& after) {
  return text.substr(before.end, after.begin - before.end).find('\n') != std::string_view::npos;
}

// The text cut into stretches of pieces that may belong to a date; a word the lexicons do not
// know, other punctuation and line breaks end a stretch.
std::vector<std::vector<Piece>> Stretches(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<std::vector<Piece>> stretches(1);
  auto end_stretch = [&] {
    if (!stretches.back().empty()) stretches.emplace_back();
  };
  size_t i = 0;
  while (i < tokens.size()) {
    if (i > 0 && LineBreakBetween(text, tokens[i - 1], tokens[i])) end_stretch();
    const Token& token = tokens[i];
    Piece piece{i, i + 1};
    if (token.kind == TokenKind::kNumber) {
      piece.sense = Sense::kNumber;
      piece.short_number = token.text.size() < 4;
      if (StartsNumericDateWithYear(tokens, i)) piece.role = Role::kNamesDay;
    } else if (token.kind == TokenKind::kPunct) {
      if (!IsDateSign(token.text)) {
        end_stretch();
        ++i;
        continue;
      }
      piece.sense = Sense::kFiller;
      piece.sign = true;
      piece.comma = token.text == ",";
    } else if (IsPeriodLetter(tokens, i)) {
      piece.sense = Sense::kPeriodOfYear;
      piece.role = Role::kUnitOnly;
    } else if (auto match = FindPhrase(tokens, i)) {
      piece.sense = match->phrase->sense;
      piece.between = IsBetween(token.text);
      piece.after_and = match->after_and;
      piece.end_token = i + match->tokens;
      piece.role = RoleOf(piece.sense);
    } else if (IsDecadeSuffix(tokens, i)) {
      piece.sense = Sense::kDecades;
      piece.role = Role::kNamesDay;
    } else {
      end_stretch();
      ++i;
      continue;
    }
    stretches.back().push_back(piece);
    i = piece.end_token;
  }
  return stretches;
}

// Words that join or introduce a date but are not one: a window neither starts nor ends with
// them ("on", "le", "في", ",", "and"); a window does not end with "from", "since"…
// A filler word may start one where the normalizer reads it ("in 3 weeks"); the window is then
// trimmed if the words without it mean the same (Finder::Trimmed).
bool MayStartWindow(const Piece& p) {
  return !p.sign && p.sense != Sense::kAnd && p.sense != Sense::kTo && p.sense != Sense::kSlash;
}

bool MayEndWindow(const Piece& p) {
  switch (p.sense) {
    case Sense::kFiller:
    case Sense::kAnd:
    case Sense::kTo:
    case Sense::kSlash:
    case Sense::kFrom:
    case Sense::kSince:
    case Sense::kUntil:
    case Sense::kBefore:
    case Sense::kAfter:
    case Sense::kTimeMarker:
      return false;
    default:
      return true;
  }
}

struct Window {
  size_t begin;  // pieces
  size_t end;
};

template <typename Predicate>
bool Holds(const std::vector<Piece>& pieces, Window w, Predicate predicate) {
  return std::any_of(pieces.begin() + static_cast<std::ptrdiff_t>(w.begin),
                     pieces.begin() + static_cast<std::ptrdiff_t>(w.end), predicate);
}

bool NamesDay(const Piece& p) { return p.role == Role::kNamesDay; }

// A unit or period with a word that places it in time.
bool PlacesUnit(const std::vector<Piece>& pieces, Window w) {
  return Holds(pieces, w, [](const Piece& p) { return p.role == Role::kUnitOnly; }) &&
         Holds(pieces, w, PlacesAUnit);
}

// "between 22 January and today" is one range; "vendredi dernier et depuis le 1er septembre"
// (last Friday and since 1 September) is two dates.
bool JoinsTwoDates(const std::vector<Piece>& pieces, Window w) {
  const bool after_between =
      pieces[w.begin].between || (w.begin > 0 && pieces[w.begin - 1].between);
  if (after_between) return false;
  for (size_t i = w.begin; i < w.end; ++i) {
    if (pieces[i].sense == Sense::kAnd || (i > w.begin && pieces[i].after_and)) return true;
  }
  return false;
}

// "on Thursday, 3 people died": a short number after a comma starts the next clause, not the
// date ("September 17, 2024" ends with a year).
bool EndsWithClauseNumber(const std::vector<Piece>& pieces, Window w) {
  return w.end - w.begin >= 2 && pieces[w.end - 1].short_number && pieces[w.end - 2].comma;
}

// The readings of the windows a search may still ask for. It moves left to right and asks again
// only for windows that start less than kMaxWindowPieces pieces after where it stands, so it keeps
// one row of readings (one per window length) for each start in that reach, in row
// start % kMaxWindowPieces. A reading stays where it is while only windows starting less than
// kMaxWindowPieces pieces from its own are asked for.
class RecentReadings {
 public:
  RecentReadings() : readings_(kMaxWindowPieces * kMaxWindowPieces) { Clear(); }

  void Clear() { starts_.fill(kNoStart); }

  // The reading of window [begin, end) (at most kMaxWindowPieces long), empty until stored.
  std::optional<FoundDate>& At(size_t begin, size_t end) {
    const size_t row = begin % kMaxWindowPieces;
    if (starts_[row] != begin) {
      for (size_t length = 0; length < kMaxWindowPieces; ++length) Slot(row, length).reset();
      starts_[row] = begin;
    }
    return Slot(row, end - begin - 1);
  }

 private:
  static constexpr size_t kNoStart = SIZE_MAX;

  std::optional<FoundDate>& Slot(size_t row, size_t length_minus_one) {
    return readings_[row * kMaxWindowPieces + length_minus_one];
  }

  std::array<size_t, kMaxWindowPieces> starts_;
  std::vector<std::optional<FoundDate>> readings_;  // on the heap: a few dozen KB
};

class Finder {
 public:
  Finder(std::string_view text, const DateContext& context, const std::function<bool()>* stop)
      : text_(text), context_(context), stop_(stop), tokens_(Tokenize(text)) {}

  // Nullopt when stopped.
  std::optional<std::vector<FoundDate>> Run() {
    for (const std::vector<Piece>& stretch : Stretches(text_, tokens_)) {
      Search(stretch);
      if (stopped_) return std::nullopt;
    }
    AddCodePoints();
    return std::move(found_);
  }

 private:
  // Left to right: at each start, the longest window that resolves, else the longest that names
  // a date (reported unresolved) unless a window starting inside it resolves ("3 weeks, from 1
  // August 2019 to today" is "1 August 2019 to today").
  void Search(const std::vector<Piece>& pieces) {
    readings_.Clear();
    size_t begin = 0;
    while (begin < pieces.size() && !stopped_) {
      std::optional<FoundDate> taken = LongestAt(pieces, begin, /*resolved_only=*/false);
      const size_t end = next_piece_;
      if (!taken || (!taken->parse.span.resolved() && ResolvesWithin(pieces, begin + 1, end))) {
        ++begin;
        continue;
      }
      begin = end;
      found_.push_back(std::move(*taken));
    }
  }

  bool ResolvesWithin(const std::vector<Piece>& pieces, size_t begin, size_t end) {
    for (size_t b = begin; b < end; ++b) {
      if (LongestAt(pieces, b, /*resolved_only=*/true)) return true;
    }
    return false;
  }

  std::optional<FoundDate> LongestAt(const std::vector<Piece>& pieces, size_t begin,
                                     bool resolved_only) {
    if (!MayStartWindow(pieces[begin])) return std::nullopt;
    std::optional<FoundDate> unresolved;
    size_t unresolved_end = 0;
    const size_t last = std::min(pieces.size(), begin + kMaxWindowPieces);
    for (size_t end = last; end > begin; --end) {
      const Window w{begin, end};
      if (!MayEndWindow(pieces[end - 1]) || EndsWithClauseNumber(pieces, w)) continue;
      if (JoinsTwoDates(pieces, w)) continue;
      const bool names_day = Holds(pieces, w, NamesDay);
      if (!names_day && !PlacesUnit(pieces, w)) continue;
      FoundDate found = Trimmed(pieces, w);
      if (found.parse.span.resolved()) {
        next_piece_ = end;
        return found;
      }
      if (names_day && !resolved_only && !unresolved) {
        unresolved = std::move(found);
        unresolved_end = end;
      }
    }
    next_piece_ = unresolved_end;
    return unresolved;
  }

  // "on 5 October" is "5 October": leading filler words go when the span stays the same.
  FoundDate Trimmed(const std::vector<Piece>& pieces, Window w) {
    const FoundDate& found = Read(pieces, w);
    Window inner = w;
    while (inner.begin < inner.end && pieces[inner.begin].sense == Sense::kFiller) ++inner.begin;
    if (inner.begin == w.begin || inner.begin == inner.end) return found;
    // Starts within the window: `found` stays where it is (RecentReadings).
    const FoundDate& trimmed = Read(pieces, inner);
    const DateSpan& a = found.parse.span;
    const DateSpan& b = trimmed.parse.span;
    const bool same = a.start == b.start && a.end == b.end && a.precision == b.precision;
    return same || !a.resolved() ? trimmed : found;
  }

  // A window is read once while the search is near it: the search asks again for windows inside
  // one it could not take.
  const FoundDate& Read(const std::vector<Piece>& pieces, Window w) {
    std::optional<FoundDate>& reading = readings_.At(w.begin, w.end);
    if (!reading) reading = ReadOnce(pieces, w);
    return *reading;
  }

  FoundDate ReadOnce(const std::vector<Piece>& pieces, Window w) {
    // Once stopped, the windows left in the current loop are not read: what they would say is
    // thrown away.
    if (stopped_ || (++reads_ % kReadsBetweenStopChecks == 0 && stop_ != nullptr && (*stop_)())) {
      stopped_ = true;
      return FoundDate{};
    }
    FoundDate found;
    const size_t first = pieces[w.begin].first_token;
    const size_t end = pieces[w.end - 1].end_token;
    found.begin_byte = tokens_[first].begin;
    found.end_byte = tokens_[end - 1].end;
    const std::string_view words =
        text_.substr(found.begin_byte, found.end_byte - found.begin_byte);
    found.parse = CutCleanly(first, end)
                      ? ParseTokenizedDateExpression(words, TokensOf(first, end), context_)
                      : ParseDateExpression(words, context_);
    return found;
  }

  // Whether tokens [first, end) are what Tokenize gives for their own bytes: true unless a word
  // that folding split in two (both parts keep the word's bounds) is cut between its parts.
  bool CutCleanly(size_t first, size_t end) const {
    return (first == 0 || tokens_[first - 1].begin != tokens_[first].begin) &&
           (end == tokens_.size() || tokens_[end].end != tokens_[end - 1].end);
  }

  // Tokens [first, end) as Tokenize would cut their bytes on their own: offsets from the first
  // token's start, and nothing written before the first.
  std::vector<Token> TokensOf(size_t first, size_t end) const {
    std::vector<Token> tokens(tokens_.begin() + static_cast<std::ptrdiff_t>(first),
                              tokens_.begin() + static_cast<std::ptrdiff_t>(end));
    const size_t offset = tokens.front().begin;
    for (Token& token : tokens) {
      token.begin -= offset;
      token.end -= offset;
    }
    tokens.front().spaced = false;
    return tokens;
  }

  // Byte offsets to code points, in one pass over the text (the dates are in order).
  void AddCodePoints() {
    size_t byte = 0;
    size_t code_points = 0;
    auto advance_to = [&](size_t target) {
      for (; byte < target; ++byte) {
        if ((static_cast<unsigned char>(text_[byte]) & 0xC0) != 0x80) ++code_points;
      }
      return code_points;
    };
    for (FoundDate& f : found_) {
      f.begin_code_point = advance_to(f.begin_byte);
      f.end_code_point = advance_to(f.end_byte);
    }
  }

  std::string_view text_;
  const DateContext& context_;
  const std::function<bool()>* stop_;  // null: never stop
  bool stopped_ = false;
  size_t reads_ = 0;
  std::vector<Token> tokens_;
  std::vector<FoundDate> found_;
  size_t next_piece_ = 0;
  RecentReadings readings_;
};

}  // namespace

std::vector<FoundDate> FindDates(std::string_view text, const DateContext& context) {
  return *Finder(text, context, nullptr).Run();
}

std::optional<std::vector<FoundDate>> FindDatesUnlessStopped(std::string_view text,
                                                             const DateContext& context,
                                                             const std::function<bool()>& stop) {
  return Finder(text, context, &stop).Run();
}

DateParse ParseDateInText(std::string_view text, const DateContext& context) {
  DateParse whole = ParseDateExpression(text, context);
  if (whole.span.resolved()) return whole;
  std::vector<FoundDate> resolved;
  for (FoundDate& found : FindDates(text, context)) {
    if (found.parse.span.resolved()) resolved.push_back(std::move(found));
  }
  if (resolved.size() == 1) {
    DateParse one = std::move(resolved.front().parse);
    one.warnings.insert(one.warnings.begin(), "read the date from the words " +
                                                  date_internal::Quoted(one.span.text) +
                                                  ", the only date found in the text");
    return one;
  }
  if (resolved.size() > 1) {
    std::string words;
    for (const FoundDate& found : resolved) {
      words += (words.empty() ? "" : ", ") + date_internal::Quoted(found.parse.span.text);
    }
    whole.warnings = {"the text holds " + std::to_string(resolved.size()) + " dates (" + words +
                      "): which one is the event's is not known"};
  }
  return whole;
}

}  // namespace timeline::normalize
