using System.Globalization;
using System.Text.RegularExpressions;

namespace TutorBot.Features.Roster;

/// <summary>
/// Turns the lines of a file into a plan, without I/O: every problem by line and column, and for each valid line
/// whether it is new, changed or unchanged against what storage holds (<see cref="RosterSnapshot"/>).
/// </summary>
public static partial class RosterValidator
{
    public const string AssociationId = "passeport-avenir";

    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["etablissement"] = RosterKinds.School, ["ecole"] = RosterKinds.School, ["school"] = RosterKinds.School,
        ["eleve"] = RosterKinds.Student, ["etudiant"] = RosterKinds.Student, ["student"] = RosterKinds.Student,
        ["tuteur"] = RosterKinds.Tutor, ["tutrice"] = RosterKinds.Tutor, ["tutor"] = RosterKinds.Tutor,
        ["referent"] = RosterKinds.Referent, ["referente"] = RosterKinds.Referent,
        ["coordinateur"] = RosterKinds.Coordinator, ["coordinatrice"] = RosterKinds.Coordinator, ["coordinator"] = RosterKinds.Coordinator,
        ["correspondant"] = RosterKinds.Correspondent, ["correspondante"] = RosterKinds.Correspondent, ["correspondent"] = RosterKinds.Correspondent,
    };

    public static RosterPlan Validate(RawFile file, RosterSnapshot stored)
    {
        var problems = new List<RosterProblem>();
        var schools = new List<PlannedSchool>();
        var people = new List<PlannedPerson>();
        var classes = new Dictionary<string, RosterClass>(StringComparer.Ordinal);
        var organisations = new Dictionary<string, RosterOrganisation>(StringComparer.Ordinal);
        var schoolLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var loginLines = new Dictionary<string, (int Line, string Kind)>(StringComparer.Ordinal);
        var nameLines = new Dictionary<string, int>(StringComparer.Ordinal);
        string Label(string column) => file.Labels.TryGetValue(column, out var l) ? l : column;
        var fileTutors = file.Rows.Where(r => Kind(r) == RosterKinds.Tutor && Get(r, "login") is not null)
            .Select(r => RosterKeys.NormaliseLogin(Get(r, "login")!)).ToHashSet(StringComparer.Ordinal);
        var storedNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (p, _) in stored.People.Values.Where(p => p.Person.SchoolUai is not null))
        {
            storedNames.TryAdd(p.SchoolUai + "|" + p.Kind + "|" + RosterKeys.FoldName(p.FirstName + p.LastName), RosterKeys.NormaliseLogin(p.Login));
        }


        // Schools first: a student may come before the line of their school.
        foreach (var row in file.Rows.Where(r => Kind(r) == RosterKinds.School))
        {
            var before = problems.Count;
            var uai = Required(row, "uai")?.ToUpperInvariant();
            if (uai is not null && !Curriculum.IsUai(uai))
            {
                problems.Add(new(row.Line, Label("uai"), "BadUai", uai));
            }
            else if (uai is not null && schoolLines.TryGetValue(uai, out var first))
            {
                problems.Add(new(row.Line, Label("uai"), "DuplicateInFile", first.ToString(CultureInfo.InvariantCulture)));
            }

            var name = Required(row, "nom");
            var academy = Required(row, "academie");
            var city = Required(row, "ville");
            var priority = Choice(row, "priorite", Curriculum.Priorities) ?? "";
            var types = string.Join('+', Get(row, "types")?.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(t => Curriculum.Canonical(Curriculum.SchoolTypes, t) ?? Bad(row, "types", t)) ?? []);
            var cpge = YesNo(row, "cpge") ?? false;
            if (problems.Count == before)
            {
                schoolLines[uai!] = row.Line;
                var school = new RosterSchool(uai!, name!, academy!, city!, priority, types, cpge);
                var status = !stored.Schools.TryGetValue(uai!, out var old) ? ItemStatus.New : old == school ? ItemStatus.Unchanged : ItemStatus.Changed;
                schools.Add(new(row.Line, school, status));
            }
        }

        foreach (var row in file.Rows)
        {
            var kind = Kind(row);
            if (kind == RosterKinds.School)
            {
                continue;
            }

            if (kind is null)
            {
                problems.Add(new(row.Line, Label("type"), "UnknownType", Get(row, "type") ?? ""));
                continue;
            }

            var before = problems.Count;
            var firstName = Required(row, "prenom");
            var lastName = Required(row, "nom");
            var login = Login(row, "login", required: true);
            string? uai = null, organisation = null;
            if (kind is RosterKinds.Student or RosterKinds.Referent)
            {
                uai = Get(row, "uai")?.ToUpperInvariant();
                if (uai is null)
                {
                    problems.Add(new(row.Line, Label("uai"), "NoSchool"));
                }
                else if (!schoolLines.ContainsKey(uai) && !stored.Schools.ContainsKey(uai))
                {
                    problems.Add(new(row.Line, Label("uai"), "UnknownSchool", uai));
                }
            }
            else if (kind == RosterKinds.Coordinator)
            {
                organisation = AssociationId;
            }
            else if (Required(row, "entreprise") is { } company)
            {
                organisation = RosterKeys.Slug(company);
                if (!stored.Organisations.ContainsKey(organisation) && !organisations.ContainsKey(organisation))
                {
                    organisations[organisation] = new RosterOrganisation(organisation, company, OrganisationKinds.Company);
                }
            }

            string? className = null, level = null, stream = null, gender = null, origin = null, language = null, tutor = null;
            bool? scholarship = null, far = null, trained = null;
            int? capacity = null;
            if (kind == RosterKinds.Student)
            {
                className = Required(row, "classe");
                level = Choice(row, "niveau", Curriculum.Levels, required: true, code: "UnknownLevel");
                stream = Choice(row, "filiere", Curriculum.Streams, required: true, code: "UnknownStream");
                gender = Choice(row, "genre", Curriculum.Genders);
                scholarship = YesNo(row, "boursier");
                origin = Choice(row, "origine", Curriculum.Origins);
                far = YesNo(row, "eloignement");
                language = Choice(row, "langue", Curriculum.Languages) ?? "fr";
                tutor = Login(row, "tuteur", required: false);
                if (tutor is not null && !fileTutors.Contains(tutor)
                    && !(stored.People.TryGetValue(tutor, out var st) && st.Person.Kind == RosterKinds.Tutor))
                {
                    problems.Add(new(row.Line, Label("tuteur"), "UnknownTutor", tutor));
                }
            }
            else if (kind == RosterKinds.Tutor)
            {
                trained = YesNo(row, "forme") ?? false;
                capacity = Get(row, "capacite") is not { } c ? 1
                    : int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10 ? n : BadNumber(row, "capacite", c);
            }

            if (login is not null)
            {
                if (loginLines.TryGetValue(login, out var first))
                {
                    problems.Add(new(row.Line, Label("login"), "DuplicateInFile", first.Line.ToString(CultureInfo.InvariantCulture)));
                }
                else
                {
                    loginLines[login] = (row.Line, kind);
                    if (stored.People.TryGetValue(login, out var existing) && existing.Person.Kind != kind)
                    {
                        problems.Add(new(row.Line, Label("login"), "DuplicateInStorage", existing.Person.Kind));
                    }
                }
            }

            if (firstName is not null && lastName is not null && uai is not null)
            {
                // The same name twice in one school is a duplicate unless they are the same login.
                var nameKey = uai + "|" + RosterKeys.FoldName(firstName + lastName);
                if (nameLines.TryGetValue(nameKey, out var firstLine))
                {
                    problems.Add(new(row.Line, Label("nom"), "DuplicateInFile", firstLine.ToString(CultureInfo.InvariantCulture)));
                }
                else
                {
                    nameLines[nameKey] = row.Line;
                    if (storedNames.TryGetValue(uai + "|" + kind + "|" + RosterKeys.FoldName(firstName + lastName), out var twin) && twin != login)
                    {
                        problems.Add(new(row.Line, Label("nom"), "DuplicateNameInStorage", twin));
                    }
                }
            }

            if (problems.Count != before)
            {
                continue;
            }

            stored.People.TryGetValue(login!, out var current);
            var person = new RosterPerson(
                current.Person?.Id ?? RosterKeys.NewPersonId(login!), kind, firstName!, lastName!, login!, uai, organisation, className, level, stream,
                gender is "" ? null : gender, scholarship, origin is "" ? null : origin, far, language, tutor, trained, capacity, current.Person?.Active ?? true);
            var status = current.Person is null ? ItemStatus.New : current.Person == person ? ItemStatus.Unchanged : ItemStatus.Changed;
            people.Add(new(row.Line, person, status, current.Person, current.Person is null ? null : current.ETag));
            if (className is not null)
            {
                classes.TryAdd(uai + "|" + RosterKeys.Slug(className), new RosterClass(uai!, className, level!, stream!));
            }
        }

        var newClasses = classes.Where(c => !stored.Classes.Contains(c.Key)).Select(c => c.Value).ToList();
        return new RosterPlan(problems.OrderBy(p => p.Line).ToList(), schools, people, newClasses, [.. organisations.Values]);

        string? Required(RawRow row, string column)
        {
            var value = Get(row, column);
            if (value is null)
            {
                problems.Add(new(row.Line, Label(column), "Missing"));
            }

            return value;
        }

        string? Choice(RawRow row, string column, string[] allowed, bool required = false, string code = "BadValue")
        {
            var value = required ? Required(row, column) : Get(row, column);
            if (value is null)
            {
                return null;
            }

            return Curriculum.Canonical(allowed, value) ?? Add(row, column, code, value);
        }

        bool? YesNo(RawRow row, string column) => RosterKeys.FoldName(Get(row, column) ?? "") switch
        {
            "" => null,
            "oui" or "yes" or "true" or "1" or "o" or "y" => true,
            "non" or "no" or "false" or "0" or "n" => false,
            _ => Add(row, column, "BadValue", Get(row, column)!) is null ? null : null,
        };

        string? Login(RawRow row, string column, bool required)
        {
            var value = required ? Required(row, column) : Get(row, column);
            if (value is null)
            {
                return null;
            }

            return LoginPattern().IsMatch(value) && value.Length <= 254 ? RosterKeys.NormaliseLogin(value) : Add(row, column, "BadLogin", value);
        }

        string Bad(RawRow row, string column, string value) => Add(row, column, "BadValue", value) ?? value;

        int? BadNumber(RawRow row, string column, string value) => Add(row, column, "BadValue", value) is null ? null : null;

        string? Add(RawRow row, string column, string code, string value)
        {
            problems.Add(new(row.Line, Label(column), code, value));
            return null;
        }
    }

    public static string? Get(RawRow row, string column) => row.Cells.TryGetValue(column, out var v) && v.Length > 0 ? v : null;

    private static string? Kind(RawRow row) => Get(row, "type") is { } t && Types.TryGetValue(RosterKeys.FoldName(t), out var k) ? k : null;

    [GeneratedRegex(@"^[^@\s;,<>""]+@[^@\s;,<>""]+\.[A-Za-z]{2,}$")]
    private static partial Regex LoginPattern();
}
