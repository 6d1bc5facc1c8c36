using System.Security.Claims;
using Coordination.Silo.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Silo.Tests.Identity;

/// <summary>The ticket cache in front of real Data Protection, counting how often it really decrypts.</summary>
public sealed class CachingTicketProtectorTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CountingProtector _decryption = new(new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("tests")));
    private readonly CachingTicketProtector _protector;

    public CachingTicketProtectorTests() => _protector = new CachingTicketProtector(_decryption, _time);

    [Fact]
    public void TheSameTokenAgain_IsNotDecryptedAgain()
    {
        var token = _protector.Protect(Ticket("anna", TimeSpan.FromHours(8)));

        var first = _protector.Unprotect(token);
        var second = _protector.Unprotect(token);

        Assert.Equal(1, _decryption.Unprotects);
        Assert.Equal("anna", first?.Principal.Identity?.Name);
        Assert.Equal("anna", second?.Principal.Identity?.Name);
        Assert.Equal(first!.Properties.ExpiresUtc, second!.Properties.ExpiresUtc);
    }

    [Fact]
    public void AnotherToken_IsDecryptedForItself()
    {
        var anna = _protector.Protect(Ticket("anna", TimeSpan.FromHours(8)));
        var bertil = _protector.Protect(Ticket("bertil", TimeSpan.FromHours(8)));

        Assert.Equal("anna", _protector.Unprotect(anna)?.Principal.Identity?.Name);
        Assert.Equal("bertil", _protector.Unprotect(bertil)?.Principal.Identity?.Name);

        Assert.Equal(2, _decryption.Unprotects);
    }

    [Fact]
    public void AForgedOrTamperedToken_IsDecryptedEveryTime_AndNeverGivesATicket()
    {
        var token = _protector.Protect(Ticket("anna", TimeSpan.FromHours(8)));
        var tampered = Tamper(token);

        foreach (var bad in new[] { null, "CfDJ8-not-a-token", tampered, null, "CfDJ8-not-a-token", tampered })
        {
            Assert.Null(_protector.Unprotect(bad));
        }

        Assert.Equal(6, _decryption.Unprotects);
        Assert.Equal("anna", _protector.Unprotect(token)?.Principal.Identity?.Name);
    }

    [Fact]
    public void EachReadGetsATicketOfItsOwn_SoAChangedPrincipalStaysInItsRequest()
    {
        var token = _protector.Protect(Ticket("anna", TimeSpan.FromHours(8)));

        var first = _protector.Unprotect(token)!;
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "Coordinator"));
        first.Properties.Items["changed"] = "yes";
        var second = _protector.Unprotect(token)!;
        var third = _protector.Unprotect(token)!;

        Assert.NotSame(first, second);
        Assert.NotSame(second.Principal, third.Principal);
        Assert.False(second.Principal.IsInRole("Coordinator"));
        Assert.False(second.Properties.Items.ContainsKey("changed"));
        Assert.Equal(1, _decryption.Unprotects);
    }

    [Fact]
    public void ATicket_IsNotServedFromTheCachePastItsExpiry()
    {
        var token = _protector.Protect(Ticket("anna", TimeSpan.FromMinutes(5)));
        _protector.Unprotect(token);
        _time.Advance(TimeSpan.FromMinutes(4));
        _protector.Unprotect(token);
        Assert.Equal(1, _decryption.Unprotects);

        _time.Advance(TimeSpan.FromMinutes(1));
        var expired = _protector.Unprotect(token);

        Assert.Equal(2, _decryption.Unprotects);
        // Still the ticket, with its expiry: the bearer handler is the one that refuses it (401).
        Assert.True(expired!.Properties.ExpiresUtc <= _time.GetUtcNow());
        _protector.Unprotect(token);
        Assert.Equal(3, _decryption.Unprotects);
    }

    [Fact]
    public void ALongLivedToken_IsDecryptedAgainAfterTenMinutes_SoARevokedKeyTakesEffect()
    {
        var token = _protector.Protect(Ticket("anna", TimeSpan.FromHours(8)));
        _protector.Unprotect(token);

        _time.Advance(CachingTicketProtector.MaxAge - TimeSpan.FromSeconds(1));
        _protector.Unprotect(token);
        Assert.Equal(1, _decryption.Unprotects);

        _time.Advance(TimeSpan.FromSeconds(1));
        _protector.Unprotect(token);
        Assert.Equal(2, _decryption.Unprotects);
    }

    [Fact]
    public void AReadWithAPurpose_BypassesTheCache()
    {
        var token = _protector.Protect(Ticket("anna", TimeSpan.FromHours(8)), "other-purpose");

        Assert.Equal("anna", _protector.Unprotect(token, "other-purpose")?.Principal.Identity?.Name);
        Assert.Equal("anna", _protector.Unprotect(token, "other-purpose")?.Principal.Identity?.Name);

        Assert.Equal(2, _decryption.Unprotects);
    }

    /// <summary>Changes one character in the middle, where every bit counts (the last one may be padding).</summary>
    internal static string Tamper(string token)
    {
        var characters = token.ToCharArray();
        var middle = characters.Length / 2;
        characters[middle] = characters[middle] == 'A' ? 'B' : 'A';
        return new string(characters);
    }

    private AuthenticationTicket Ticket(string name, TimeSpan lifetime) => new(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "Bearer")),
        new AuthenticationProperties { ExpiresUtc = _time.GetUtcNow() + lifetime },
        "Identity.Bearer");

    private sealed class CountingProtector(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Unprotects { get; private set; }

        public string Protect(AuthenticationTicket data) => inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unprotects++;
            return inner.Unprotect(protectedText, purpose);
        }
    }
}
