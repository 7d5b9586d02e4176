@echo off
rem ---------------------------------------------------------------------------
rem gzgk: install or upgrade the Excel add-in gzgk.xlam for the current user.
rem
rem   install.cmd                install "gzgk[excel]" from the package index
rem   install.cmd D:\wheels      install offline from a folder of wheel files
rem                              (or drop the folder onto install.cmd)
rem
rem Safe to run again: it upgrades gzgk and rebuilds the add-in.
rem   1. a Python environment in %LOCALAPPDATA%\gzgk\venv (set GZGK_VENV to
rem      use another folder; keep that path ASCII)
rem   2. pip install "gzgk[excel]" into it, which brings xlwings
rem   3. gzgk excel build-addin with that environment, so the add-in and the
rem      xlwings it declares are always the same version
rem   4. copy gzgk.xlam to %APPDATA%\Microsoft\Excel\XLSTART
rem   5. write %USERPROFILE%\.gzgk\gzgk.conf: the Python that RunPython starts
rem
rem Needs Python 3.10 or later: the py launcher, python on PATH, or set
rem GZGK_PYTHON to a python.exe. Close Excel first. Set GZGK_NO_PAUSE=1 to
rem skip the final pause. This file is ASCII on purpose (cmd reads batch files
rem in the console code page); paths with Chinese characters are fine because
rem every one of them is quoted and none is written into this file.
rem ---------------------------------------------------------------------------
setlocal EnableExtensions DisableDelayedExpansion

if "%~1"=="/?" goto :usage
if /I "%~1"=="-h" goto :usage
if /I "%~1"=="--help" goto :usage

set "GZGK_HOME=%LOCALAPPDATA%\gzgk"
set "VENV=%GZGK_HOME%\venv"
rem Written unexpanded (%%LOCALAPPDATA%% in this file): xlwings expands it, and
rem the config file stays ASCII even when the user name is not.
set "CONF_PYTHON=%%LOCALAPPDATA%%\gzgk\venv\Scripts\python.exe"
if defined GZGK_VENV set "VENV=%GZGK_VENV%"
if defined GZGK_VENV set "CONF_PYTHON=%GZGK_VENV%\Scripts\python.exe"
set "PYTHON=%VENV%\Scripts\python.exe"
set "ADDIN=%GZGK_HOME%\gzgk.xlam"
set "XLSTART=%APPDATA%\Microsoft\Excel\XLSTART"
set "CONF_DIR=%USERPROFILE%\.gzgk"
set "CONF=%CONF_DIR%\gzgk.conf"

set "WHEELS="
if "%~1"=="" goto :checked_wheels
set "WHEELS=%~f1"
if "%WHEELS:~-1%"=="\" set "WHEELS=%WHEELS:~0,-1%"
if not exist "%WHEELS%\*.whl" goto :no_wheels
:checked_wheels

tasklist /FI "IMAGENAME eq EXCEL.EXE" 2>nul | find /I "EXCEL.EXE" >nul
if not errorlevel 1 goto :excel_running

echo [1/5] Python environment: "%VENV%"
if exist "%PYTHON%" goto :have_venv
if defined GZGK_PYTHON goto :venv_given
where py >nul 2>nul
if errorlevel 1 goto :venv_path
py -3 -m venv "%VENV%"
goto :venv_made
:venv_given
"%GZGK_PYTHON%" -m venv "%VENV%"
goto :venv_made
:venv_path
python -m venv "%VENV%"
:venv_made
if errorlevel 1 goto :no_python
if not exist "%PYTHON%" goto :no_python
:have_venv
"%PYTHON%" -c "import sys; sys.exit(sys.version_info < (3, 10))"
if errorlevel 1 goto :old_python

echo [2/5] Installing gzgk and xlwings
if defined WHEELS goto :install_offline
"%PYTHON%" -m pip install --disable-pip-version-check --upgrade "gzgk[excel]"
if errorlevel 1 goto :pip_failed
goto :installed
:install_offline
"%PYTHON%" -m pip install --disable-pip-version-check --upgrade --no-index --find-links "%WHEELS%" "gzgk[excel]"
if errorlevel 1 goto :pip_failed
:installed

echo [3/5] Building the add-in: "%ADDIN%"
"%PYTHON%" -m gzgk excel build-addin -o "%ADDIN%"
if errorlevel 1 goto :build_failed

echo [4/5] Copying the add-in to "%XLSTART%"
if not exist "%XLSTART%" mkdir "%XLSTART%"
copy /Y "%ADDIN%" "%XLSTART%\gzgk.xlam" >nul
if errorlevel 1 goto :copy_failed

echo [5/5] Writing the xlwings settings: "%CONF%"
if not exist "%CONF_DIR%" mkdir "%CONF_DIR%"
> "%CONF%" echo "INTERPRETER_WIN","%CONF_PYTHON%"
if errorlevel 1 goto :conf_failed
>> "%CONF%" echo "ADD_WORKBOOK_TO_PYTHONPATH","false"
if errorlevel 1 goto :conf_failed

echo.
echo gzgk is installed. Start Excel: the add-in's ribbon tab is there; press its
echo environment check button once to see that everything is in place.
goto :end

:usage
echo Usage: install.cmd [WHEELS_FOLDER]
echo   Installs or upgrades gzgk and its Excel add-in for the current user.
echo   WHEELS_FOLDER: install offline from the wheel files in that folder.
echo   GZGK_PYTHON: the python.exe that creates the environment (3.10 or later).
echo   GZGK_VENV: the environment's folder (default %%LOCALAPPDATA%%\gzgk\venv).
exit /b 0

:no_wheels
echo There are no wheel files (*.whl) in "%WHEELS%".
goto :failed
:excel_running
echo Excel is running. Close every Excel window, then run install.cmd again.
goto :failed
:no_python
echo Could not create the Python environment. Install Python 3.10 or later from
echo python.org (tick "Add python.exe to PATH"), or set GZGK_PYTHON to python.exe.
goto :failed
:old_python
echo The Python in "%VENV%" is older than 3.10 or does not start. Delete that
echo folder, install Python 3.10 or later (or set GZGK_PYTHON), and run again.
goto :failed
:pip_failed
echo pip could not install "gzgk[excel]". Online: check the network or the pip
echo index settings. Offline: the folder must hold gzgk and every dependency.
goto :failed
:build_failed
echo Building the add-in failed; the message above says why.
goto :failed
:copy_failed
echo Could not copy the add-in to "%XLSTART%". Close Excel and run again.
goto :failed
:conf_failed
echo Could not write "%CONF%".
goto :failed

:failed
echo.
echo gzgk was NOT installed completely.
if not defined GZGK_NO_PAUSE pause
exit /b 1

:end
if not defined GZGK_NO_PAUSE pause
exit /b 0
