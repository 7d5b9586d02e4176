@echo off
rem ---------------------------------------------------------------------------
rem gzgk: install or upgrade the Excel add-in gzgk.xlam for the current user,
rem from this bundle only (the wheels folder beside this file); it never uses
rem the network. Double-click it, or run it from a command window.
rem
rem It finds a Python (GZGK_PYTHON, else the py launcher, else python on PATH)
rem and runs setup\install.py with it; that script does the work and says in
rem Chinese what it did or what to do. Safe to run again: that is how to
rem upgrade. Set GZGK_NO_PAUSE=1 to skip the final pause.
rem
rem This file is ASCII on purpose (cmd reads batch files in the console code
rem page). Chinese text comes from Python, or from setup\no-python.txt, which
rem is UTF-16 with a byte order mark: "type" shows such a file as Unicode in
rem any code page.
rem ---------------------------------------------------------------------------
setlocal EnableExtensions DisableDelayedExpansion
set "HERE=%~dp0"
if not exist "%HERE%setup\install.py" goto :incomplete

if not defined GZGK_PYTHON goto :try_py
"%GZGK_PYTHON%" -c "import sys" >nul 2>nul
if errorlevel 1 goto :no_python
"%GZGK_PYTHON%" "%HERE%setup\install.py" %*
goto :done

:try_py
py -3 -c "import sys" >nul 2>nul
if errorlevel 1 goto :try_python
py -3 "%HERE%setup\install.py" %*
goto :done

:try_python
python -c "import sys" >nul 2>nul
if errorlevel 1 goto :no_python
python "%HERE%setup\install.py" %*
goto :done

:no_python
type "%HERE%setup\no-python.txt"
goto :failed

:incomplete
echo This folder is incomplete: setup\install.py is missing.
echo Unpack the whole zip file into a folder first, then run install.cmd there.
goto :failed

:done
if errorlevel 1 goto :failed
if not defined GZGK_NO_PAUSE pause
exit /b 0

:failed
if not defined GZGK_NO_PAUSE pause
exit /b 1
