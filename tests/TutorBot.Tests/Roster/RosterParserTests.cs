using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using TutorBot.Features.Roster;

namespace TutorBot.Tests.Roster;

/// <summary>The file reader and the validator, without HTTP or storage.</summary>
[TestClass]
public sealed class RosterParserTests
{
    private const string Header = "type;prenom;nom;upn_email;uai;academie;ville;classe;niveau;filiere;entreprise;tuteur";

    [TestMethod]
    public void DemoRosterIsValidWithAndWithoutBomAndWithCommas()
    {
        var demo = RosterKit.DemoCsv;
        Assert.IsTrue(demo.AsSpan().StartsWith("\uFEFF"u8), "the demo file is written as French Excel writes it, with a BOM");
        var plan = RosterValidator.Validate(RosterFile.Read(demo, 1 << 20), new RosterSnapshot());
        Assert.AreEqual(0, plan.Problems.Count, string.Join("\n", plan.Problems));
        Assert.AreEqual(5, plan.Schools.Count);
        Assert.AreEqual(19, plan.People.Count);
        Assert.AreEqual("energies-demo-sa", plan.People.First(p => p.Person.Kind == RosterKinds.Tutor).Person.OrganisationId, "accents fold away in ids");

        var commas = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(demo[3..]).Replace(';', ','));
        var again = RosterValidator.Validate(RosterFile.Read(commas, 1 << 20), new RosterSnapshot());
        Assert.AreEqual(0, again.Problems.Count, string.Join("\n", again.Problems));
        CollectionAssert.AreEqual(plan.People.Select(p => p.Person).ToList(), again.People.Select(p => p.Person).ToList());
    }

    [TestMethod]
    public void EveryKindOfBadLineIsReportedByLineAndColumn()
    {
        var file = RosterFile.Read(RosterKit.Csv(
            Header,
            "établissement;;Lycée A;;0130001A;Aix-Marseille;Marseille;;;;;",
            "établissement;;Lycée B;;013001;Aix-Marseille;Marseille;;;;;",
            "élève;Ana;Durand;ana@ex.example;0999999Z;;;1re A;1re;STI2D;;",
            "élève;Ana;Durand;ana@ex.example;0130001A;;;1re A;1re;STI2D;;",
            "élève;Bo;Petit;bo@ex.example;0130001A;;;1re A;1re;STI2D;;",
            "élève;Bo;Petit;bo2@ex.example;0130001A;;;1re A;1re;STI2D;;",
            "élève;Cy;Roy;pas-une-adresse;0130001A;;;1re A;1re;STI2D;;",
            "élève;Di;Roy;di@ex.example;0130001A;;;1re A;5e;STI2D;;",
            "élève;Ed;Roy;ed@ex.example;0130001A;;;1re A;1re;Latin;;",
            "élève;Fa;Roy;fa@ex.example;;;;1re A;1re;STI2D;;",
            "élève;Gi;Roy;gi@ex.example;0130001A;;;1re A;1re;STI2D;;nobody@ex.example",
            "pilote;Hu;Roy;hu@ex.example;;;;;;;;"), 1 << 20);

        var plan = RosterValidator.Validate(file, new RosterSnapshot());
        var found = plan.Problems.Select(p => (p.Line, p.Column, p.Code)).ToList();
        CollectionAssert.AreEqual(
            new List<(int, string?, string)>
            {
                (3, "uai", "BadUai"),
                (4, "uai", "UnknownSchool"),
                (5, "upn_email", "DuplicateInFile"),
                (7, "nom", "DuplicateInFile"),
                (8, "upn_email", "BadLogin"),
                (9, "niveau", "UnknownLevel"),
                (10, "filiere", "UnknownStream"),
                (11, "uai", "NoSchool"),
                (12, "tuteur", "UnknownTutor"),
                (13, "type", "UnknownType"),
            },
            found,
            string.Join("\n", found));
    }

    [TestMethod]
    public void AStoredPersonOfAnotherRoleIsADuplicateAndTheSamePersonIsUnchanged()
    {
        var file = RosterFile.Read(RosterKit.Csv(Header, "tuteur;Jo;Lin;jo@ex.example;;;;;;;Demo SA;", "tuteur;Al;Lin;al@ex.example;;;;;;;Demo SA;"), 1 << 20);
        var first = RosterValidator.Validate(file, new RosterSnapshot());
        var stored = new RosterSnapshot();
        stored.People["jo@ex.example"] = (first.People[0].Person with { Kind = RosterKinds.Coordinator }, new Azure.ETag("a"));
        stored.People["al@ex.example"] = (first.People[1].Person, new Azure.ETag("b"));
        stored.Organisations["demo-sa"] = new RosterOrganisation("demo-sa", "Demo SA", OrganisationKinds.Company);

        var plan = RosterValidator.Validate(file, stored);

        Assert.AreEqual("DuplicateInStorage", plan.Problems.Single().Code);
        Assert.AreEqual(ItemStatus.Unchanged, plan.People.Single().Status);
    }

    [TestMethod]
    [DataRow("=1+1")]
    [DataRow("@SUM(A1)")]
    [DataRow("+cmd|' /C calc'!A0")]
    [DataRow("-2+3")]
    public void CsvFormulasAreRefused(string cell)
    {
        var file = RosterFile.Read(RosterKit.Csv(Header, $"tuteur;Jo;{cell.Replace(";", "")};jo@ex.example;;;;;;;Demo SA;"), 1 << 20);
        Assert.AreEqual("Formula", file.Refusal?.Code);
        Assert.AreEqual(2, file.Refusal!.Line);
        Assert.AreEqual("nom", file.Refusal.Column);
    }

    [TestMethod]
    public void NumbersWithASignAreNotFormulas()
    {
        Assert.IsFalse(RosterFile.LooksLikeFormula("-5"));
        Assert.IsFalse(RosterFile.LooksLikeFormula("+33"));
        Assert.IsTrue(RosterFile.LooksLikeFormula("-A1"));
    }

    [TestMethod]
    public void WrongTypesAndOversizeAreRefused()
    {
        Assert.AreEqual("WrongType", RosterFile.Read([0x25, 0x50, 0x44, 0x46, 0xFF, 0xFE, 0x00, 0x81], 1 << 20).Refusal?.Code, "binary is not UTF-8 text");
        Assert.AreEqual("WrongType", RosterFile.Read(Zip(("word/document.xml", "<w/>")), 1 << 20).Refusal?.Code, "a zip without [Content_Types].xml");
        Assert.AreEqual("TooLarge", RosterFile.Read(RosterKit.DemoCsv, 100).Refusal?.Code);
    }

    [TestMethod]
    public void XlsxIsReadAndItsFormulasRefused()
    {
        var xlsx = Xlsx();
        var plan = RosterValidator.Validate(RosterFile.Read(xlsx, 1 << 20), new RosterSnapshot());
        Assert.AreEqual(0, plan.Problems.Count, string.Join("\n", plan.Problems));
        Assert.AreEqual("Léa", plan.People.Single().Person.FirstName);
        Assert.AreEqual(2, plan.People.Single().Person.Capacity);

        var refused = RosterFile.Read(WithFormula(xlsx), 1 << 20).Refusal;
        Assert.AreEqual("Formula", refused?.Code);
        Assert.AreEqual(2, refused!.Line);
    }

    [TestMethod]
    public void AgreementTermsAndNoticeFollowTheTexts()
    {
        var ups = RosterSeeder.Agreements[0];
        Assert.AreEqual((new DateOnly(2019, 9, 29), (DateOnly?)null), ups.CurrentTerm(new DateOnly(2018, 1, 1)), "three years from 30 September 2016, no notice period written");
        Assert.AreEqual(new DateOnly(2025, 9, 29), ups.CurrentTerm(new DateOnly(2025, 1, 1))!.Value.TermEnd, "renewed tacitly by three years");

        var aix = RosterSeeder.Agreements[1] with { SignedOn = new DateOnly(2017, 3, 15) };
        Assert.AreEqual((new DateOnly(2020, 3, 14), (DateOnly?)new DateOnly(2019, 12, 14)), aix.CurrentTerm(new DateOnly(2019, 6, 1)));
        Assert.AreEqual((new DateOnly(2022, 3, 14), (DateOnly?)new DateOnly(2021, 12, 14)), aix.CurrentTerm(new DateOnly(2021, 6, 1)), "then renewed each year, notice three months before the term");
        Assert.IsNull(RosterSeeder.Agreements[1].CurrentTerm(new DateOnly(2021, 6, 1)), "the copy in seeds has no date of signature");
    }

    internal static byte[] Xlsx()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { new Dictionary<string, object> { ["type"] = "tuteur", ["prenom"] = "Léa", ["nom"] = "Côté", ["upn_email"] = "lea@ex.example", ["entreprise"] = "Demo SA", ["capacite"] = 2 } });
        return stream.ToArray();
    }

    /// <summary>The same workbook with a formula in cell A2, as Excel writes one.</summary>
    internal static byte[] WithFormula(byte[] xlsx)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var cell = xml.IndexOf("r=\"A2\"", StringComparison.Ordinal);
            Assert.IsGreaterThan(0, cell, xml);
            var close = xml.IndexOf('>', cell);
            xml = xml[..(close + 1)] + "<x:f>CONCAT(\"tu\",\"teur\")</x:f>" + xml[(close + 1)..];
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml);
        }

        return stream.ToArray();
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return stream.ToArray();
    }
}
