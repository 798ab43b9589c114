using Azure.Data.Tables;

namespace TutorBot.Features.Pairing;

/// <summary>
/// The partitions of the <c>Pairing</c> table. A tutor's partition (<c>t|id</c>) holds their capacity counter and
/// their pair rows, written together in one transaction under the counter's ETag. A school's partition
/// (<c>s|UAI</c>) holds its students' priority marks, the claim row that makes a pair the student's only active one
/// (inserted first: the insert fails if it exists) and their pair history; one query reads a school. The
/// <c>tutors</c> partition is the directory the suggestions read in one query: one row per tutor.
/// </summary>
public static class PairingKeys
{
    public const string Table = "Pairing";

    public const string Directory = "tutors";
    public const string Counter = "counter";

    public static string TutorPartition(string tutorId) => "t|" + tutorId;

    public static string PairRow(string pairId) => "p|" + pairId;

    public static string SchoolPartition(string uai) => "s|" + uai;

    public static string MarkRow(string studentId) => "m|" + studentId;

    public static string ClaimRow(string studentId) => "c|" + studentId;

    public static string HistoryRow(string studentId, string pairId) => $"h|{studentId}|{pairId}";

    public static string HistoryPrefix(string studentId) => $"h|{studentId}|";

    public static string FollowUpRow(string studentId, int year) => $"f|{studentId}|{year}";

    public static string FollowUpPrefix(string studentId) => $"f|{studentId}|";

    public static string AlumniRow(string studentId) => "a|" + studentId;
}

/// <summary>Pairing rows to and from records.</summary>
public static class PairingEntities
{
    public static TableEntity Pair(Pair p) => new(PairingKeys.TutorPartition(p.TutorId), PairingKeys.PairRow(p.Id))
    {
        ["StudentId"] = p.StudentId,
        ["SchoolUai"] = p.SchoolUai,
        ["Status"] = p.Status,
        ["StartedUtc"] = p.StartedUtc,
        ["CreatedBy"] = p.CreatedBy,
        ["EndRequestedBy"] = p.EndRequestedBy,
        ["EndRequestedUtc"] = p.EndRequestedUtc,
        ["EndedUtc"] = p.EndedUtc,
        ["EndedBy"] = p.EndedBy,
    };

    public static Pair Pair(TableEntity e) => new(
        e.RowKey[2..],
        e.PartitionKey[2..],
        e.GetString("StudentId"),
        e.GetString("SchoolUai"),
        e.GetString("Status"),
        e.GetDateTimeOffset("StartedUtc") ?? default,
        e.GetString("CreatedBy") ?? "",
        e.GetString("EndRequestedBy"),
        e.GetDateTimeOffset("EndRequestedUtc"),
        e.GetDateTimeOffset("EndedUtc"),
        e.GetString("EndedBy"));

    public static TableEntity Tutor(PairingTutor t) => new(PairingKeys.Directory, t.Id)
    {
        ["RosterPartition"] = t.RosterPartition,
        ["Name"] = t.Name,
        ["OrganisationId"] = t.OrganisationId,
        ["Trained"] = t.Trained,
        ["Capacity"] = t.Capacity,
        ["Active"] = t.Active,
        ["Fields"] = string.Join(',', t.Fields),
        ["City"] = t.City,
        ["Academy"] = t.Academy,
    };

    public static PairingTutor Tutor(TableEntity e) => new(
        e.RowKey,
        e.GetString("RosterPartition") ?? "",
        e.GetString("Name") ?? "",
        e.GetString("OrganisationId") ?? "",
        e.GetBoolean("Trained") ?? false,
        e.GetInt32("Capacity") ?? 1,
        e.GetInt32("Active") ?? 0,
        (e.GetString("Fields") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        e.GetString("City"),
        e.GetString("Academy"));

    public static TableEntity Claim(StudentClaim c, string uai) => new(PairingKeys.SchoolPartition(uai), PairingKeys.ClaimRow(c.StudentId))
    {
        ["TutorId"] = c.TutorId,
        ["PairId"] = c.PairId,
        ["ClaimedUtc"] = c.ClaimedUtc,
    };

    public static TableEntity History(PairHistory h, string uai) => new(PairingKeys.SchoolPartition(uai), PairingKeys.HistoryRow(h.StudentId, h.PairId))
    {
        ["TutorId"] = h.TutorId,
        ["StartedUtc"] = h.StartedUtc,
        ["EndedUtc"] = h.EndedUtc,
    };

    public static SchoolPairing School(IEnumerable<TableEntity> rows)
    {
        var marks = new Dictionary<string, PriorityMark>(StringComparer.Ordinal);
        var claims = new Dictionary<string, StudentClaim>(StringComparer.Ordinal);
        var history = new List<PairHistory>();
        foreach (var e in rows)
        {
            var key = e.RowKey;
            switch (key[0])
            {
                case 'm':
                    marks[key[2..]] = new PriorityMark(key[2..], e.GetString("MarkedBy") ?? "", e.GetDateTimeOffset("MarkedUtc") ?? default);
                    break;
                case 'c':
                    claims[key[2..]] = Claim(e);
                    break;
                case 'h':
                    history.Add(History(e));
                    break;
            }
        }

        return new SchoolPairing(marks, claims, history);
    }

    public static StudentClaim Claim(TableEntity e) =>
        new(e.RowKey[2..], e.GetString("TutorId"), e.GetString("PairId"), e.GetDateTimeOffset("ClaimedUtc") ?? default);

    public static PairHistory History(TableEntity e)
    {
        var parts = e.RowKey.Split('|');
        return new PairHistory(parts[1], parts[2], e.GetString("TutorId"), e.GetDateTimeOffset("StartedUtc") ?? default, e.GetDateTimeOffset("EndedUtc"));
    }
}
