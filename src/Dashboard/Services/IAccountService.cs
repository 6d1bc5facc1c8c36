namespace Coordination.Dashboard.Services;

/// <summary>Cookie sign-in for the static sign-in page; implemented by the host over ASP.NET Core Identity.</summary>
public interface IAccountService
{
    Task<SignInOutcome> SignInAsync(string email, string password);

    /// <summary>The demo accounts to list on the sign-in page; empty outside demo mode.</summary>
    IReadOnlyList<DemoAccountInfo> DemoAccounts { get; }

    string? DemoPassword { get; }

    /// <summary>Display names of accounts in the caller's tenant, for timelines shown to coordinators.</summary>
    Task<IReadOnlyDictionary<string, string>> GetDisplayNamesAsync(string tenant, IEnumerable<string> userIds);

    /// <summary>How many accounts belong to these organisations (an alert's reach in people).</summary>
    Task<int> CountPeopleAsync(string tenant, IReadOnlyCollection<string> organisationIds);
}

public enum SignInOutcome
{
    SignedIn,
    WrongCredentials,
    LockedOut,
}

public sealed record DemoAccountInfo(string Email, string DisplayName, string Role, string Organisation);
