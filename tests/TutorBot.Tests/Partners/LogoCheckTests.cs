using System.Text;
using TutorBot.Features.Partners;

namespace TutorBot.Tests.Partners;

/// <summary>The logo checks without HTTP nor storage: what a file is goes by its content, never its name.</summary>
[TestClass]
public sealed class LogoCheckTests
{
    private static readonly PartnersOptions Limits = new() { LogoMaxBytes = 64 * 1024, LogoMaxWidth = 1000, LogoMaxHeight = 500 };

    private static string? Refusal(byte[] content, string? type = null, string? name = null) => LogoCheck.Check(content, Limits, type, name).Refusal;

    [TestMethod]
    public void APngIsKnownByItsSignatureAndItsSizeReadFromIhdr()
    {
        var result = LogoCheck.Check(PartnersKit.Png(300, 120), Limits, "image/png", "logo.png");

        Assert.IsTrue(result.Accepted, result.Refusal);
        Assert.AreEqual(LogoTypes.Png, result.ContentType);
        Assert.AreEqual((300, 120), (result.Width, result.Height));
        Assert.IsTrue(LogoCheck.Check(PartnersKit.Png(300, 120), Limits, "application/octet-stream", null).Accepted, "an undeclared type is judged by content");
    }

    [TestMethod]
    public void APngTooWideTooTallTooHeavyOrCutShortIsRefused()
    {
        Assert.AreEqual("Logo_TooWide", Refusal(PartnersKit.Png(1001, 10)));
        Assert.AreEqual("Logo_TooWide", Refusal(PartnersKit.Png(10, 501)));
        Assert.AreEqual("Logo_TooLarge", Refusal(PartnersKit.Png(10, 10, padding: 70 * 1024)));
        Assert.AreEqual("Logo_Empty", Refusal([]));

        var png = PartnersKit.Png(10, 10);
        Assert.AreEqual("Logo_NotAnImage", Refusal(png[..^12]), "no IEND");
        Assert.AreEqual("Logo_NotAnImage", Refusal(png[..20]), "signature and half an IHDR");
        var noHeader = (byte[])png.Clone();
        noHeader[12] = (byte)'X';
        Assert.AreEqual("Logo_NotAnImage", Refusal(noHeader), "first chunk not IHDR");
        var zero = (byte[])png.Clone();
        Array.Clear(zero, 16, 4);
        Assert.AreEqual("Logo_NotAnImage", Refusal(zero), "zero width");
    }

    [TestMethod]
    public void AFileWhoseNameOrDeclaredTypeSaysOtherwiseIsRefused()
    {
        var svg = PartnersKit.Svg("<rect width=\"10\" height=\"10\"/>");
        Assert.AreEqual("Logo_Disguised", Refusal(svg, "image/png", "logo.svg"), "an SVG declared as PNG");
        Assert.AreEqual("Logo_Disguised", Refusal(svg, "image/svg+xml", "logo.png"), "an SVG named .png");
        Assert.AreEqual("Logo_Disguised", Refusal(PartnersKit.Png(10, 10), "image/png", "logo.gif"));
        Assert.AreEqual("Logo_NotAnImage", Refusal(Encoding.UTF8.GetBytes("GIF89a not a logo"), "image/png", "logo.png"), "text named .png");
        Assert.AreEqual("Logo_NotAnImage", Refusal([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/png", "logo.png"), "a JPEG named .png");
    }

    [TestMethod]
    public void ACleanSvgIsAcceptedWithItsSize()
    {
        var result = LogoCheck.Check(
            PartnersKit.Svg("<defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\" width=\"10\" height=\"10\"/><use href=\"#g\"/><image xlink:href=\"data:image/png;base64,iVBORw0KGgo=\"/>"),
            Limits, "image/svg+xml", "logo.svg");
        Assert.IsTrue(result.Accepted, result.Refusal);
        Assert.AreEqual(LogoTypes.Svg, result.ContentType);
        Assert.AreEqual((120, 40), (result.Width, result.Height));

        var boxed = LogoCheck.Check(PartnersKit.Svg("<rect/>", "viewBox=\"0 0 800 300\""), Limits);
        Assert.AreEqual((800, 300), (boxed.Width, boxed.Height));
        Assert.AreEqual("Logo_TooWide", Refusal(PartnersKit.Svg("<rect/>", "viewBox=\"0 0 2000 300\"")));
        Assert.AreEqual("Logo_TooWide", Refusal(PartnersKit.Svg("<rect/>", "width=\"120px\" height=\"900px\"")));
    }

    [TestMethod]
    [DataRow("<script>alert(1)</script>", "Logo_SvgScript")]
    [DataRow("<g><SCRIPT xmlns=\"http://www.w3.org/2000/svg\">x</SCRIPT></g>", "Logo_SvgScript")]
    [DataRow("<rect onload=\"alert(1)\"/>", "Logo_SvgScript")]
    [DataRow("<rect ONCLICK=\"alert(1)\"/>", "Logo_SvgScript")]
    [DataRow("<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>", "Logo_SvgForeignObject")]
    [DataRow("<image href=\"https://evil.example/track.png\"/>", "Logo_SvgExternal")]
    [DataRow("<image xlink:href=\"http://evil.example/x.png\"/>", "Logo_SvgExternal")]
    [DataRow("<a href=\"javascript:alert(1)\"><rect/></a>", "Logo_SvgExternal")]
    [DataRow("<use href=\"other.svg#logo\"/>", "Logo_SvgExternal")]
    [DataRow("<rect style=\"fill:url(https://evil.example/p)\"/>", "Logo_SvgExternal")]
    [DataRow("<style>@import url(https://evil.example/s.css);</style>", "Logo_SvgExternal")]
    [DataRow("<rect fill=\"url('http://evil.example/#p')\"/>", "Logo_SvgExternal")]
    public void AnSvgThatRunsOrFetchesIsRefused(string inner, string refusal) =>
        Assert.AreEqual(refusal, Refusal(PartnersKit.Svg(inner)));

    [TestMethod]
    public void AnSvgWithADoctypeAnEntityAProcessingInstructionOrAnotherRootIsRefused()
    {
        Assert.AreEqual("Logo_SvgDoctype", Refusal(Encoding.UTF8.GetBytes("<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>")));
        Assert.AreEqual("Logo_SvgExternal", Refusal(Encoding.UTF8.GetBytes("<?xml-stylesheet href=\"https://evil.example/s.css\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")));
        Assert.AreEqual("Logo_NotAnImage", Refusal(Encoding.UTF8.GetBytes("<html><svg/></html>")));
        Assert.AreEqual("Logo_NotAnImage", Refusal(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>")), "not well-formed");
        Assert.AreEqual("Logo_NotAnImage", Refusal([0x3C, 0x73, 0x76, 0x67, 0xFF, 0xFE]), "not UTF-8");
    }
}
